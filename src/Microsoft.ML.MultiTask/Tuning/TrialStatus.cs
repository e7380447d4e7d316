namespace Microsoft.ML.MultiTask
{
    /// <summary>How a tuning trial ended.</summary>
    public enum TrialStatus
    {
        /// <summary>Trained and evaluated; it has an objective.</summary>
        Completed,

        /// <summary>Stopped early by the median stopping rule (<see cref="TuningSettings.PruneUnpromisingTrials"/>); no objective.</summary>
        Pruned,

        /// <summary>Training or evaluation threw (e.g. the loss diverged); <see cref="TrialResult.Error"/> says why. No objective.</summary>
        Failed,

        /// <summary>The run was cancelled while this trial trained; no objective.</summary>
        Cancelled,
    }
}
