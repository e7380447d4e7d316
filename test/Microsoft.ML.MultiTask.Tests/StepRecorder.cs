using System;
using System.Collections.Generic;
using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Records which training steps ran (epoch, batch index) and can act at a chosen step, e.g. cancel the run.</summary>
    internal sealed class StepRecorder : TrainingObserver
    {
        private readonly Action<TrainingStep>? _onStep;

        public StepRecorder(Action<TrainingStep>? onStep = null)
        {
            _onStep = onStep;
        }

        /// <summary>Every step that ran, in order.</summary>
        public List<(int Epoch, int StepInEpoch)> Steps { get; } = new List<(int Epoch, int StepInEpoch)>();

        public override void OnStep(TrainingStep step)
        {
            Steps.Add((step.Epoch, step.StepInEpoch));
            _onStep?.Invoke(step);
        }
    }
}
