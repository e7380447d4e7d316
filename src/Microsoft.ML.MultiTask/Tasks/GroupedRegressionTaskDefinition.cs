using System;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// A regression task per group: each row belongs to the group its one-hot encoded group column names; one output per
    /// group seen in training and a pooled one, over the task's shared head layers.
    /// </summary>
    internal sealed class GroupedRegressionTaskDefinition : RegressionTaskDefinition
    {
        public GroupedRegressionTaskDefinition(string name, string groupColumnName, string? labelColumnName, float lossWeight)
            : base(name, labelColumnName, lossWeight)
        {
            if (string.IsNullOrWhiteSpace(groupColumnName))
            {
                throw new ArgumentException($"Grouped task '{name}' needs a group column: the one-hot encoded column, part of the feature vector, naming each row's group.", nameof(groupColumnName));
            }
            GroupColumnName = groupColumnName;
        }

        public override TaskKind Kind => TaskKind.GroupedRegression;

        internal override string GroupColumnName { get; }

        internal override TaskHead CreateShapeOnlyHead() => new GroupedRegressionTaskHead(this, 0f, 1f, Array.Empty<bool>());

        internal override TaskHead CreateHead(TaskLabelReader reader, ReadOnlySpan<float> labels)
        {
            var standardized = (RegressionTaskHead)base.CreateHead(reader, labels);
            var labelled = new bool[labels.Length];
            for (int row = 0; row < labels.Length; row++)
            {
                labelled[row] = !float.IsNaN(labels[row]);
            }
            return new GroupedRegressionTaskHead(this, standardized.Mean, standardized.StandardDeviation, labelled);
        }
    }
}
