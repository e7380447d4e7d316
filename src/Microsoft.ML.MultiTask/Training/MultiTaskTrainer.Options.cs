using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Microsoft.ML.MultiTask
{
    public sealed partial class MultiTaskTrainer
    {
        /// <summary>Options of <see cref="MultiTaskTrainer"/>. Every property has a working default but <see cref="Tasks"/>.</summary>
        public sealed class Options
        {
            /// <summary>The feature column: a known-size vector of Single. Default <c>"Features"</c>.</summary>
            public string FeatureColumnName { get; set; } = "Features";

            /// <summary>
            /// The example weight column (Single, finite, ≥ 0), ML.NET's convention: a row's weight scales every task's loss
            /// for that row in training and in the validation loss, and each task's mean loss is divided by the total weight of
            /// its labelled rows. The validation set must have the column too. ML.NET's public evaluators take no weight, so
            /// Evaluate reports unweighted metrics. Default null: every row weighs 1.
            /// </summary>
            public string? ExampleWeightColumnName { get; set; }

            /// <summary>The tasks to learn, at least one; each names its label column. Names must be unique.</summary>
            public IList<TaskDefinition> Tasks => _tasks;

            private List<TaskDefinition> _tasks = new List<TaskDefinition>();

            /// <summary>
            /// How the tasks share parameters. Default <see cref="HardSharing"/> with its defaults (a shared encoder of
            /// <c>[128, 64]</c>); each task's head (<see cref="HeadLayers"/>) sits on the architecture's output for that task.
            /// </summary>
            public MultiTaskArchitecture Architecture { get; set; } = new HardSharing();

            /// <summary>
            /// An encoding of the numeric features inside the network, between scaling and the architecture. Default
            /// <see cref="PiecewiseLinearEncoding"/> with its defaults (48 quantile bins per slot with more than two distinct
            /// values; binary and one-hot slots pass through), measured against the other encodings in section 9 of docs/benchmarks.md; null feeds the scaled features
            /// to the architecture as they are.
            /// </summary>
            public FeatureEncoding? FeatureEncoding { get; set; } = new PiecewiseLinearEncoding();

            /// <summary>
            /// Learned embeddings of the categorical columns found as one-hot slot groups of the feature vector, in place of
            /// their one-hot slots. Default null: the one-hot slots feed the network as they are.
            /// </summary>
            public CategoricalEmbeddings? CategoricalEmbeddings { get; set; }

            /// <summary>
            /// Ensemble members k trained inside the one network (TabM-style: a multiplicative input vector and output scale and
            /// shift per member, everything else shared; docs/guide.md, "Tabular accuracy"): each member is trained on its own
            /// loss, the mean of the k losses is optimized, and scoring averages the members' probabilities inside the exported
            /// graph. Training and scoring cost about k times as much. 1 to 64; 8 to 32 when on. Default 1: no ensemble.
            /// </summary>
            public int EnsembleSize { get; set; } = 1;

            /// <summary>How the task losses are weighted into the training loss. Default <see cref="FixedLossWeights"/> (each task's <see cref="TaskDefinition.LossWeight"/>).</summary>
            public LossBalancing LossBalancing { get; set; } = new FixedLossWeights();

            /// <summary>A gradient method that combines the tasks' gradients of the shared parameters. Default null: their sum (one backward pass).</summary>
            public GradientAggregation? GradientAggregation { get; set; }

            /// <summary>Which tasks each step trains and which parameters stay frozen. Default <see cref="JointTraining"/>.</summary>
            public TrainingStrategy Strategy { get; set; } = new JointTraining();

            /// <summary>How the learning rate changes over training. Default <see cref="ConstantLearningRate"/>.</summary>
            public LearningRateSchedule LearningRateSchedule { get; set; } = new ConstantLearningRate();

            /// <summary>
            /// Scale all gradients down so their joint L2 norm is at most this, before each step (as torch's
            /// <c>clip_grad_norm_</c>). Default null: no clipping.
            /// </summary>
            public double? MaxGradientNorm { get; set; }

            /// <summary>Sizes of each task head's hidden layers before its output layer. Default <c>[32]</c>; empty gives linear heads. A task's <see cref="TaskDefinition.HeadLayers"/> overrides it.</summary>
            public int[] HeadLayers { get; set; } = { 32 };

            /// <summary>The activation after every hidden layer. Default <see cref="MultiTask.Activation.Relu"/>.</summary>
            public Activation Activation { get; set; } = Activation.Relu;

            /// <summary>Dropout rate after every hidden layer during training, in [0, 1). Default 0.1.</summary>
            public double Dropout { get; set; } = 0.1;

            /// <summary>
            /// Rows per minibatch. Default null: chosen from the training rows as rows / 16 between 16 and 256, so small data
            /// still gets several steps per epoch (256 from 4,096 rows up).
            /// </summary>
            public int? BatchSize { get; set; }

            /// <summary>
            /// Passes over the training data (fewer when early stopping ends training). Default null: 20, or more for small data
            /// so training takes at least 2,000 optimizer steps (at most 500 epochs) — a 172-row set is not left untrained.
            /// </summary>
            public int? MaxEpochs { get; set; }

            /// <summary>The epochs of a Fit once <see cref="MaxEpochs"/> is resolved (see <see cref="ResolvedFor"/>).</summary>
            internal int Epochs => MaxEpochs ?? DefaultMaxEpochs;

            /// <summary>The batch size of a Fit once <see cref="BatchSize"/> is resolved.</summary>
            internal int Batch => BatchSize ?? MaxBatchSize;

            /// <summary>The epochs of the automatic choice on large data, and the least it gives.</summary>
            internal const int DefaultMaxEpochs = 20;

            private const int MaxBatchSize = 256;
            private const int MinBatchSize = 16;
            private const int MinimumSteps = 2000;
            private const int MaxAutomaticEpochs = 500;

            /// <summary>A copy with <see cref="BatchSize"/> and <see cref="MaxEpochs"/> chosen for <paramref name="rows"/> training rows where they are null.</summary>
            internal Options ResolvedFor(int rows) => With(o =>
            {
                o.BatchSize ??= Math.Clamp(rows / 16, MinBatchSize, MaxBatchSize);
                int steps = Math.Max(1, (rows + o.BatchSize.Value - 1) / o.BatchSize.Value);
                o.MaxEpochs ??= Math.Clamp((MinimumSteps + steps - 1) / steps, DefaultMaxEpochs, MaxAutomaticEpochs);
            });

            /// <summary>The AdamW optimizer's learning rate. Default 0.001.</summary>
            public double LearningRate { get; set; } = 1e-3;

            /// <summary>The AdamW optimizer's decoupled weight decay. Default 0.0001.</summary>
            public double WeightDecay { get; set; } = 1e-4;

            /// <summary>
            /// λ of an ℓ1 penalty λ·Σ|w| on the network's weight matrices (not biases), added to the training loss: it drives
            /// weights of useless inputs to zero. Default 0: none. (<see cref="WeightDecay"/> is the ℓ2-like alternative.)
            /// </summary>
            public double L1Regularization { get; set; }

            /// <summary>Seed of weight initialization, dropout and shuffling. Default null: drawn from the <see cref="MLContext"/>'s seed, so <c>new MLContext(seed: 1)</c> gives repeatable models.</summary>
            public int? Seed { get; set; }

            /// <summary>
            /// The TorchSharp device: <c>"cpu"</c>, <c>"cuda"</c> or <c>"cuda:N"</c>. Default null: CUDA device
            /// <see cref="MLContext.GpuDeviceId"/> when that is set (falling back to CPU when
            /// <see cref="MLContext.FallbackToCpu"/> is true and no CUDA backend is present), else CPU.
            /// </summary>
            public string? Device { get; set; }

            /// <summary>
            /// Scale the features inside the model with statistics of the training data: dense data is standardized
            /// (mean 0, variance 1), sparse data divided by each slot's largest absolute value (so it stays sparse). Default true.
            /// With <see cref="InitialWeights"/> the initial model's scaling (or its absence) is used instead, since the copied
            /// weights were trained behind it.
            /// </summary>
            public bool NormalizeFeatures { get; set; } = true;

            /// <summary>
            /// Where the training features are kept while training: <see cref="InMemoryFeatureStorage"/> (the default) or
            /// <see cref="TemporaryFileFeatureStorage"/>, which trains from a temporary file a block at a time so memory does
            /// not grow with the features (docs/scaling.md says when to use it). The validation set stays in memory.
            /// </summary>
            public FeatureStorage FeatureStorage { get; set; } = new InMemoryFeatureStorage();

            /// <summary>Read NaN and infinite feature values as 0, in training and in the scoring graph. Default false: such a value is an error naming its row and slot.</summary>
            public bool ReplaceNonFiniteFeatures { get; set; }

            /// <summary>
            /// A fraction in [0, 1) of the training rows to hold out as the validation set, so a pipeline needs no separately
            /// featurized <see cref="ValidationSet"/>: a seeded split, stratified by the first binary, multiclass or ordinal task's label
            /// (whole groups with a ranking task). The feature scaling is fitted on all rows (unsupervised); everything else
            /// (label statistics, class weights) on the rest. Early stopping then picks the epoch. Default null: 0.1 when no
            /// <see cref="ValidationSet"/> is given and there are at least 100 training rows, else 0 — measured on every tabular
            /// data set of docs/benchmarks.md, early stopping beat a fixed epoch count on most tasks. 0: no split, train
            /// <see cref="MaxEpochs"/> epochs on every row.
            /// </summary>
            public double? ValidationFraction { get; set; }

            /// <summary>The fraction the default <see cref="ValidationFraction"/> holds out, and the fewest rows it needs.</summary>
            internal const double AutomaticValidationFraction = 0.1;

            internal const int AutomaticValidationMinimumRows = 100;

            /// <summary>The fraction of <paramref name="rows"/> training rows to hold out once <see cref="ValidationFraction"/> is resolved.</summary>
            internal double ValidationFractionFor(int rows)
                => ValidationFraction ?? (ValidationSet == null && rows >= AutomaticValidationMinimumRows ? AutomaticValidationFraction : 0);

            /// <summary>
            /// After training with a validation set (<see cref="ValidationSet"/> or <see cref="ValidationFraction"/>), train a
            /// new model on all the training rows for the number of epochs early stopping chose, and return that one: no row
            /// is left out of the final model. Costs a second training run. Cannot be combined with thresholds chosen on the
            /// validation set. Default false.
            /// </summary>
            public bool RefitOnAllRows { get; set; }

            /// <summary>Optional data to compute the validation loss on after every epoch (same columns as the training data). Default null.</summary>
            public IDataView? ValidationSet { get; set; }

            /// <summary>
            /// With a validation set (<see cref="ValidationSet"/> or <see cref="ValidationFraction"/>): stop when the summed
            /// validation loss has not improved for this many epochs, and keep the weights of the best epoch. 0 turns early
            /// stopping off (the best epoch's weights are still kept). Default 10 (5 stopped wine quality's regression early).
            /// </summary>
            public int EarlyStoppingPatience { get; set; } = 10;

            /// <summary>The smallest decrease of the validation loss that counts as an improvement. Default 0.</summary>
            public double EarlyStoppingMinDelta { get; set; }

            /// <summary>
            /// With a <see cref="ValidationSet"/>: early stopping and the choice of the kept epoch follow this task's
            /// validation loss instead of the loss-weighted sum over all tasks. Default null: the sum.
            /// </summary>
            public string? EarlyStoppingTask { get; set; }

            /// <summary>
            /// With <see cref="EarlyStoppingTask"/>: follow that task's main ML.NET metric on the validation set instead of its
            /// loss — AUC (binary), micro-accuracy (multiclass), R² (regression), micro-AUC (multi-label); higher is better. Each
            /// epoch's value is in <see cref="TrainingEpochSummary.Observations"/> as <c>Task.Metric</c>. Default false.
            /// </summary>
            public bool EarlyStoppingOnMetric { get; set; }

            /// <summary>
            /// With a validation set: each task stops on its own — when its validation loss has not improved for
            /// <see cref="EarlyStoppingPatience"/> epochs, its loss stops pulling on the shared parameters (it then trains
            /// only its head, which keeps fitting the shared layers as the other tasks move them, and its tower or gate is
            /// frozen), while the other tasks go on. Training ends when every task has stopped;
            /// <see cref="TrainingHistory.TaskStoppedEpochs"/> records when each stopped. Default false: one early stop for all tasks.
            /// </summary>
            public bool PerTaskEarlyStopping { get; set; }

            /// <summary>Receives a <see cref="TrainingEpochSummary"/> after every epoch, on the training thread. Default null.</summary>
            public IProgress<TrainingEpochSummary>? Progress { get; set; }

            /// <summary>
            /// What to do when a loss becomes NaN or infinite. Default <see cref="DivergenceAction.Throw"/>: an error naming
            /// the task, the epoch and the learning rate. Either way, a model with non-finite weights is never returned.
            /// </summary>
            public DivergenceAction OnDivergence { get; set; } = DivergenceAction.Throw;

            /// <summary>With <see cref="DivergenceAction.RestoreAndLowerLearningRate"/>: the factor applied to the learning rate at each recovery, in (0, 1). Default 0.1.</summary>
            public double DivergenceLearningRateFactor { get; set; } = 0.1;

            /// <summary>With <see cref="DivergenceAction.RestoreAndLowerLearningRate"/>: recoveries allowed before training gives up and throws. Default 3.</summary>
            public int MaxDivergenceRecoveries { get; set; } = 3;

            /// <summary>
            /// Stops <c>Fit</c> before the next batch with an <see cref="OperationCanceledException"/>; all native memory of the run is
            /// released. <c>MLContext.CancelExecution()</c> does the same. Default: none.
            /// </summary>
            public CancellationToken CancellationToken { get; set; }

            /// <summary>
            /// A trained model's weights to start from (<see cref="MultiTask.InitialWeights.FromModel"/> or
            /// <see cref="MultiTask.InitialWeights.FromFile"/>): a warm start, fine-tuning, or new tasks added after the
            /// initial model's. Default null: random initialization.
            /// </summary>
            public InitialWeights? InitialWeights { get; set; }

            /// <summary>
            /// Epochs during which every parameter copied from <see cref="InitialWeights"/> stays frozen, so only the new
            /// tasks' heads train (the old tasks' predictions do not move). Default 0.
            /// </summary>
            public int FreezeInitialWeightsEpochs { get; set; }

            /// <summary>
            /// The copied parameters' learning rate as a share of <see cref="LearningRate"/> (discriminative rates: a
            /// trained encoder moves less than new heads). Default 1.
            /// </summary>
            public double InitialWeightsLearningRateFactor { get; set; } = 1;

            /// <summary>
            /// A folder to write a checkpoint into every <see cref="CheckpointInterval"/> epochs
            /// (<c>checkpoint-epoch-0005.mtcheckpoint</c>, ...); created if missing. Default null: no checkpoints.
            /// </summary>
            public string? CheckpointFolder { get; set; }

            /// <summary>
            /// A time budget for training: when an epoch ends past it, training stops there as early stopping does (the best
            /// epoch's weights are kept when there are validation rows). An epoch is never cut short. Which epoch a budget ends
            /// on depends on the machine's speed, so a run with a budget is reproducible only when <see cref="MaxEpochs"/> or
            /// early stopping ends it first. Default null: no budget.
            /// </summary>
            public TimeSpan? MaxTrainingTime { get; set; }

            /// <summary>Epochs between checkpoints when <see cref="CheckpointFolder"/> is set. Default 1.</summary>
            public int CheckpointInterval { get; set; } = 1;

            /// <summary>
            /// A checkpoint file to continue from: training resumes after its epoch and, with the same data, options and
            /// seed, reaches the same weights as a run that was never interrupted. Default null: start from scratch.
            /// </summary>
            public string? ResumeFromCheckpoint { get; set; }

            /// <summary>A shallow copy (the task list is shared) with <paramref name="change"/> applied.</summary>
            internal Options With(Action<Options> change)
            {
                var copy = (Options)MemberwiseClone();
                change(copy);
                return copy;
            }

            /// <summary>A copy (as <see cref="With"/>) with its own task list holding <paramref name="tasks"/> and its own, empty, list of observers.</summary>
            internal Options WithTasks(IEnumerable<TaskDefinition> tasks)
                => With(copy =>
                {
                    copy._tasks = tasks.ToList();
                    copy._observers = new List<Training.TrainingObserver>();
                });

            /// <summary>Listeners on every step and epoch (internal hook for per-task monitoring and tests).</summary>
            internal List<Training.TrainingObserver> Observers => _observers;

            private List<Training.TrainingObserver> _observers = new List<Training.TrainingObserver>();
        }
    }
}
