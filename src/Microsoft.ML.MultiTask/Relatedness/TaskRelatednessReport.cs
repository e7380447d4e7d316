using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// How related the tasks are and whether training them together helps: the parts <see cref="TaskRelatednessOptions"/>
    /// asked for (the others are null). <see cref="ToString"/> prints every part as a table, with a verdict per task.
    /// </summary>
    public sealed class TaskRelatednessReport
    {
        internal TaskRelatednessReport(IReadOnlyList<string> tasks)
        {
            Tasks = tasks;
        }

        /// <summary>The task names, in the order of the matrices' rows and columns.</summary>
        public IReadOnlyList<string> Tasks { get; }

        /// <summary>Pearson's r (two numeric labels), the correlation ratio η (multiclass against numeric) or Cramér's V (two multiclass labels), on co-labelled rows.</summary>
        public TaskMatrix? LabelAssociation { get; internal init; }

        /// <summary>Rows labelled for both tasks of each pair.</summary>
        public TaskMatrix? CoLabelledRows { get; internal init; }

        /// <summary>The mean cosine of the tasks' gradients on the shared parameters over the measured steps: near 1 the tasks pull the same way, below 0 they conflict.</summary>
        public TaskMatrix? GradientCosine { get; internal init; }

        /// <summary>The gradient cosine of each epoch (its trend shows whether the tasks drift apart).</summary>
        public IReadOnlyList<TaskMatrix>? GradientCosineByEpoch { get; internal init; }

        /// <summary>Lookahead affinity Z(row → column): the relative drop of the column task's loss after a step on the row task's loss alone (&gt; 0 helps, &lt; 0 hurts).</summary>
        public TaskMatrix? Affinity { get; internal init; }

        /// <summary>The best split into k groups, for each k from 1, by total affinity.</summary>
        public IReadOnlyList<TaskGrouping>? Groupings { get; internal init; }

        /// <summary>Each task's figure with the others and alone.</summary>
        public IReadOnlyList<TaskTransfer>? Transfer { get; internal init; }

        /// <summary>LibMTL's Δm: the mean relative change of the tasks' figures from single-task to multi-task training (positive: sharing helped on average).</summary>
        public double? DeltaM => Transfer == null ? null : Transfer.Average(t => t.RelativeChange);

        /// <summary>Every part as a markdown table.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            foreach (var matrix in new[] { LabelAssociation, CoLabelledRows, GradientCosine, Affinity })
            {
                if (matrix != null)
                {
                    text.AppendLine(matrix.ToString());
                }
            }
            if (Groupings != null)
            {
                text.AppendLine("| groups | best grouping by affinity |");
                text.AppendLine("|---|---|");
                foreach (var grouping in Groupings)
                {
                    text.AppendLine($"| {grouping.Groups.Count} | {grouping} |");
                }
                text.AppendLine();
            }
            if (Transfer != null)
            {
                text.AppendLine("| task | metric | multi-task | single-task | difference | verdict |");
                text.AppendLine("|---|---|---|---|---|---|");
                foreach (var t in Transfer)
                {
                    string verdict = t.NegativeTransfer ? "negative transfer" : t.Difference > t.Spread ? "sharing helped" : "no difference beyond the seed spread";
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Task} | {t.Metric} | {t.MultiTask.Average():0.0000} | {t.SingleTask.Average():0.0000} | {t.Difference:+0.0000;-0.0000} ± {t.Spread:0.0000} | {verdict} |");
                }
                text.AppendLine(CultureInfo.InvariantCulture, $"Δm = {DeltaM:+0.00%;-0.00%}");
            }
            return text.ToString();
        }
    }
}
