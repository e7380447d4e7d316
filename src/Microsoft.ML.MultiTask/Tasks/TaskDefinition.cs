using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Evaluation;
using Microsoft.ML.MultiTask.Tasks;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// One task of a multi-task model: its name (the prefix of its output columns), its label
    /// column, its kind and the weight of its loss. Create one with <see cref="Binary"/>,
    /// <see cref="Multiclass"/>, <see cref="Regression"/>, <see cref="MultiLabel"/>, <see cref="Ordinal"/>, <see cref="Ranking"/> or
    /// <see cref="GroupedRegression"/>.
    /// </summary>
    public abstract class TaskDefinition
    {
        private int[]? _headLayers;

        private protected TaskDefinition(string name, string? labelColumnName, float lossWeight)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A task needs a non-empty name; it prefixes the task's output columns (e.g. 'Income' gives 'Income.Score').", nameof(name));
            }
            if (!(lossWeight >= 0) || float.IsInfinity(lossWeight))
            {
                throw new ArgumentOutOfRangeException(nameof(lossWeight), lossWeight, $"The loss weight of task '{name}' must be a finite number >= 0.");
            }
            Name = name;
            LabelColumnName = string.IsNullOrWhiteSpace(labelColumnName) ? name : labelColumnName!;
            LossWeight = lossWeight;
        }

        /// <summary>The task's name; its output columns are named <c>Name.Score</c>, <c>Name.Probability</c>, <c>Name.PredictedLabel</c>.</summary>
        public string Name { get; }

        /// <summary>The column that holds the task's label. Defaults to <see cref="Name"/>.</summary>
        public string LabelColumnName { get; }

        /// <summary>The weight of this task's loss in the summed training loss. Default 1.</summary>
        public float LossWeight { get; }

        /// <summary>The kind of task.</summary>
        public abstract TaskKind Kind { get; }

        /// <summary>What the label is for measures between tasks' labels. Default: one number per row.</summary>
        internal virtual LabelScale LabelScale => LabelScale.Numeric;

        /// <summary>
        /// Sizes of this task's hidden head layers, between the shared encoder and the output layer.
        /// Null (the default) uses <see cref="MultiTaskTrainer.Options.HeadLayers"/>; empty means a linear head. The array is copied when set.
        /// </summary>
        public int[]? HeadLayers
        {
            get => _headLayers;
            set
            {
                if (value != null)
                {
                    Architectures.LayerSizes.Check(value, $"{nameof(HeadLayers)} of task '{Name}'", allowEmpty: true);
                }
                // A copy, so changing the caller's array later cannot change the network.
                _headLayers = value?.ToArray();
            }
        }

        /// <summary>
        /// Weigh each class of a binary, multiclass or multi-label task inversely to its frequency among the training labels
        /// (n / (k·n_c), so the weights average to 1), so a rare class is not ignored. Default false.
        /// </summary>
        public bool BalanceClasses { get; set; }

        /// <summary>
        /// Label smoothing ε for a binary, multiclass or multi-label task, in [0, 1): the targets move ε of the way toward
        /// the uniform distribution, which keeps the network from over-confident probabilities. Default 0.
        /// </summary>
        public float LabelSmoothing { get; set; }

        /// <summary>
        /// How a binary or multi-label task's <c>PredictedLabel</c> is decided from its probability. Default null:
        /// probability &gt; 0.5. A threshold chosen on the validation set needs <see cref="MultiTaskTrainer.Options.ValidationSet"/>.
        /// </summary>
        public DecisionThreshold? Threshold { get; set; }

        /// <summary>Name of the task's score column: <c>Name.Score</c>.</summary>
        public string ScoreColumnName => Name + ".Score";

        /// <summary>Name of the task's probability column: <c>Name.Probability</c> (binary and multi-label tasks).</summary>
        public string ProbabilityColumnName => Name + ".Probability";

        /// <summary>Name of the task's predicted-label column: <c>Name.PredictedLabel</c> (all kinds but regression).</summary>
        public string PredictedLabelColumnName => Name + ".PredictedLabel";

        /// <summary>Name of an ordinal task's expected-value column: <c>Name.ExpectedValue</c>.</summary>
        public string ExpectedValueColumnName => Name + ".ExpectedValue";

        /// <summary>
        /// A binary task. Label: Boolean, or Single, Double or an integer type with 1 = positive, 0 = negative
        /// (NaN = missing for Single and Double).
        /// </summary>
        /// <param name="name">The task's name, the prefix of its output columns.</param>
        /// <param name="labelColumnName">The label column; defaults to <paramref name="name"/>.</param>
        /// <param name="lossWeight">The weight of the task's loss. Default 1.</param>
        public static TaskDefinition Binary(string name, string? labelColumnName = null, float lossWeight = 1f)
            => new BinaryTaskDefinition(name, labelColumnName, lossWeight);

        /// <summary>
        /// A multiclass task. Label: text (empty, <c>NA</c>, <c>N/A</c> or <c>?</c> = missing), key (key 0 = missing;
        /// classes in key order), or an integer type, Single or Double (NaN = missing) or Boolean (classes in order of first appearance).
        /// </summary>
        /// <param name="name">The task's name, the prefix of its output columns.</param>
        /// <param name="labelColumnName">The label column; defaults to <paramref name="name"/>.</param>
        /// <param name="lossWeight">The weight of the task's loss. Default 1.</param>
        public static TaskDefinition Multiclass(string name, string? labelColumnName = null, float lossWeight = 1f)
            => new MulticlassTaskDefinition(name, labelColumnName, lossWeight);

        /// <summary>A regression task. Label: Single or Double, NaN = missing.</summary>
        /// <param name="name">The task's name, the prefix of its output columns.</param>
        /// <param name="labelColumnName">The label column; defaults to <paramref name="name"/>.</param>
        /// <param name="lossWeight">The weight of the task's loss. Default 1.</param>
        public static TaskDefinition Regression(string name, string? labelColumnName = null, float lossWeight = 1f)
            => new RegressionTaskDefinition(name, labelColumnName, lossWeight);

        /// <summary>
        /// A multi-label task: several independent yes/no labels. Label: a known-size vector of
        /// Boolean, or of Single or Double with 1/0 and NaN for a missing slot.
        /// </summary>
        /// <param name="name">The task's name, the prefix of its output columns.</param>
        /// <param name="labelColumnName">The label column; defaults to <paramref name="name"/>.</param>
        /// <param name="lossWeight">The weight of the task's loss. Default 1.</param>
        public static TaskDefinition MultiLabel(string name, string? labelColumnName = null, float lossWeight = 1f)
            => new MultiLabelTaskDefinition(name, labelColumnName, lossWeight);

        /// <summary>
        /// An ordinal task: ordered classes such as grades 1–5, where predicting 4 for a 5 is better than predicting 1. It
        /// scores like a multiclass task (<c>Score</c> = class probabilities, <c>PredictedLabel</c> = the most probable class)
        /// and adds <c>ExpectedValue</c>. The order: <paramref name="classOrder"/> when given; otherwise key order for a key
        /// label and numeric order for a number label (text and Boolean labels need <paramref name="classOrder"/>). At least
        /// three classes.
        /// </summary>
        /// <param name="name">The task's name, the prefix of its output columns.</param>
        /// <param name="labelColumnName">The label column; defaults to <paramref name="name"/>.</param>
        /// <param name="lossWeight">The weight of the task's loss. Default 1.</param>
        /// <param name="classOrder">The classes from lowest to highest, as the label's text (numbers in invariant culture). Default null: key or numeric order.</param>
        public static TaskDefinition Ordinal(string name, string? labelColumnName = null, float lossWeight = 1f, IEnumerable<string>? classOrder = null)
            => new OrdinalTaskDefinition(name, labelColumnName, lossWeight, classOrder);

        /// <summary>
        /// A ranking task: rows grouped by <paramref name="groupColumnName"/> (a query, a user, a session) are ranked within
        /// their group by <c>Score</c>, higher first. Label: the relevance grade, a whole number from 0 to 30 as Single or
        /// Double (NaN = missing), or a key (key value − 1 is the grade; key 0 = missing), as ML.NET's ranking trainers read
        /// it. The group column may hold any type; a group's rows need not be contiguous. Loss: the softmax cross-entropy of
        /// each group's scores against its rows' shares of the NDCG gain 2^grade − 1 (ListNet); evaluated with ML.NET's
        /// ranking evaluator (NDCG and DCG at 1 to 10).
        /// </summary>
        /// <param name="name">The task's name, the prefix of its output columns.</param>
        /// <param name="groupColumnName">The column naming each row's group; it must be present at training and evaluation, not at scoring.</param>
        /// <param name="labelColumnName">The label column; defaults to <paramref name="name"/>.</param>
        /// <param name="lossWeight">The weight of the task's loss. Default 1.</param>
        public static TaskDefinition Ranking(string name, string groupColumnName, string? labelColumnName = null, float lossWeight = 1f)
            => new RankingTaskDefinition(name, groupColumnName, labelColumnName, lossWeight);

        /// <summary>
        /// A grouped regression task: each row belongs to one group — a school, a store, a patient — named by
        /// <paramref name="groupColumnName"/>, and each group seen in training gets its own output on top of the task's shared
        /// head layers, as the classic multi-task benchmarks (139 schools) have one regression task per group. The group
        /// column must be one-hot encoded into the feature vector, as ML.NET featurizes categorical columns
        /// (<c>mlContext.Transforms.Categorical.OneHotEncoding("School")</c>, then <c>Concatenate("Features", ..., "School")</c>):
        /// the model reads each row's group from those slots, so scoring needs nothing else. A pooled output learns from every
        /// row and scores the rows whose group had no labelled training row (unseen in training, or all its slots 0).
        /// Label: Single or Double, NaN = missing. Evaluate: ML.NET's regression metrics over all rows (pooled);
        /// <c>EvaluateByGroup</c> on the group column gives them per group. At most 10,000 groups.
        /// </summary>
        /// <param name="name">The task's name, the prefix of its output columns.</param>
        /// <param name="groupColumnName">The one-hot encoded group column, whose slots in the feature vector are named <c>groupColumnName.value</c>.</param>
        /// <param name="labelColumnName">The label column; defaults to <paramref name="name"/>.</param>
        /// <param name="lossWeight">The weight of the task's loss. Default 1.</param>
        public static TaskDefinition GroupedRegression(string name, string groupColumnName, string? labelColumnName = null, float lossWeight = 1f)
            => new GroupedRegressionTaskDefinition(name, groupColumnName, labelColumnName, lossWeight);

        /// <summary>The one place that maps a kind to its definition; everything else about a kind lives in its definition class.</summary>
        private static readonly IReadOnlyDictionary<TaskKind, Func<string, string?, float, string?, TaskDefinition>> FactoriesByKind =
            new Dictionary<TaskKind, Func<string, string?, float, string?, TaskDefinition>>
            {
                [TaskKind.Binary] = (name, label, weight, _) => Binary(name, label, weight),
                [TaskKind.Multiclass] = (name, label, weight, _) => Multiclass(name, label, weight),
                [TaskKind.Regression] = (name, label, weight, _) => Regression(name, label, weight),
                [TaskKind.MultiLabel] = (name, label, weight, _) => MultiLabel(name, label, weight),
                [TaskKind.Ordinal] = (name, label, weight, _) => Ordinal(name, label, weight),
                [TaskKind.Ranking] = (name, label, weight, group) => Ranking(name, group!, label, weight),
                [TaskKind.GroupedRegression] = (name, label, weight, group) => GroupedRegression(name, group!, label, weight),
            };

        /// <summary>A task of the given kind (the factory methods by kind, for tasks read back from a model).</summary>
        internal static TaskDefinition Create(TaskKind kind, string name, string labelColumnName, float lossWeight, string? groupColumnName = null)
            => FactoriesByKind.TryGetValue(kind, out var create)
                ? create(name, labelColumnName, lossWeight, groupColumnName)
                : throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown task kind; known kinds are {string.Join(", ", FactoriesByKind.Keys)}.");

        /// <summary>The column naming each row's group, for kinds that have one (ranking, grouped regression); null otherwise.</summary>
        internal virtual string? GroupColumnName => null;

        /// <summary>True when the task's label, as read, is one class per row, so a validation split can keep each class's share (binary, multiclass, ordinal).</summary>
        internal virtual bool StratifiesValidationSplit => false;

        /// <summary>True when the task relates the rows of a group to each other (ranking), so a validation split must keep groups whole.</summary>
        internal virtual bool RelatesRowsOfAGroup => false;

        /// <summary>Columns besides the label that this task's label reader reads (a ranking task's group column), checked against <paramref name="schema"/>.</summary>
        internal virtual IEnumerable<DataViewSchema.Column> ContextColumns(DataViewSchema schema, string dataName) => Array.Empty<DataViewSchema.Column>();

        /// <summary>
        /// Checks the task's training settings against its kind and the options; messages name the task and the setting.
        /// A kind that has no classes (regression) or no decision threshold (multiclass) overrides the relevant part.
        /// </summary>
        internal virtual void ValidateSettings(bool hasValidationSet)
        {
            if (!(LabelSmoothing >= 0 && LabelSmoothing < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, $"{nameof(LabelSmoothing)} of task '{Name}' must be in [0, 1); got {LabelSmoothing}.");
            }
            if (Threshold != null && Threshold.NeedsValidation && !hasValidationSet)
            {
                throw new ArgumentException($"{nameof(Threshold)} of task '{Name}' ({Threshold}) is chosen on the validation set; set {nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.ValidationSet)}, or use DecisionThreshold.Fixed.");
            }
        }

        /// <summary>The error for a setting this kind of task does not have.</summary>
        private protected ArgumentException NotForThisKind(string setting, string reason)
            => new ArgumentException($"{setting} of task '{Name}' does not apply: '{Name}' is a {Kind.ToString().ToLowerInvariant()} task, {reason}.");

        /// <inheritdoc/>
        public override string ToString() => $"{Name} ({Kind}, label '{LabelColumnName}', weight {LossWeight})";

        /// <summary>The label types this kind accepts, for error messages.</summary>
        internal abstract string ExpectedLabelTypes { get; }

        internal abstract bool IsSupportedLabelType(DataViewType type);

        /// <summary>Finds the label column and checks its type; the message names task, column and types.</summary>
        internal DataViewSchema.Column GetLabelColumn(DataViewSchema schema, string dataName)
        {
            var column = schema.GetColumnOrNull(LabelColumnName);
            if (column == null)
            {
                throw new ArgumentOutOfRangeException(nameof(LabelColumnName),
                    $"Label column '{LabelColumnName}' of task '{Name}' was not found in the {dataName}. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
            }
            if (!IsSupportedLabelType(column.Value.Type))
            {
                throw new ArgumentOutOfRangeException(nameof(LabelColumnName),
                    $"Label column '{LabelColumnName}' of {Kind.ToString().ToLowerInvariant()} task '{Name}' has type {column.Value.Type}; expected {ExpectedLabelTypes}.");
            }
            return column.Value;
        }

        /// <summary>True when a label column of this shape can be read (for <see cref="IEstimator{TTransformer}.GetOutputSchema"/>).</summary>
        internal virtual bool IsSupportedLabelShape(SchemaShape.Column column)
            => column.Kind == SchemaShape.Column.VectorKind.Scalar && IsSupportedLabelType(column.ItemType);

        /// <summary>A head with this kind's output shapes but no fitted state, for computing output schemas.</summary>
        internal abstract TaskHead CreateShapeOnlyHead();

        /// <summary>A reader of this task's label in training data.</summary>
        internal abstract TaskLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column);

        /// <summary>Checks the labels read from the training data and fits the task's head.</summary>
        /// <param name="reader">The reader that read them (a multiclass reader knows the classes it saw).</param>
        /// <param name="labels">Row-major, <c>reader.Width</c> floats a row, NaN = missing.</param>
        internal abstract TaskHead CreateHead(TaskLabelReader reader, ReadOnlySpan<float> labels);

        /// <summary>Evaluates the task's output columns in <paramref name="scored"/> with ML.NET's evaluator for its kind.</summary>
        internal abstract TaskMetrics Evaluate(MLContext mlContext, IDataView scored);

        /// <summary>Counts labelled rows (a row of a multi-label task counts when any slot is labelled).</summary>
        private protected static int CountLabelled(ReadOnlySpan<float> labels, int width)
        {
            int count = 0;
            for (int row = 0; row < labels.Length; row += width)
            {
                for (int slot = 0; slot < width; slot++)
                {
                    if (!float.IsNaN(labels[row + slot]))
                    {
                        count++;
                        break;
                    }
                }
            }
            return count;
        }

        private protected InvalidOperationException NoLabels() => new InvalidOperationException(
            $"Task '{Name}' has no labelled row in the training data: every value of label column '{LabelColumnName}' is missing. Give it labels or remove the task.");
    }
}
