using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Tasks;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// After training: each binary or multi-label task with a <see cref="TaskDefinition.Threshold"/> gets its probability
    /// thresholds, fixed or chosen per slot on the validation set's labelled rows, before the graph is exported.
    /// </summary>
    internal static class DecisionThresholds
    {
        public static void Fit(IMultiTaskNetwork network, IReadOnlyList<TaskHead> heads, MultiTaskDataSet? validation, Device device,
            TrainingCancellation cancellation, Action<string> warn)
        {
            var chosen = heads.Select((head, task) => (Head: head as LogisticTaskHead, Task: task)).Where(p => p.Head?.Definition.Threshold != null).ToArray();
            if (chosen.Length == 0)
            {
                return;
            }
            var logits = validation == null ? null : LossEvaluator.Logits(network, validation, device, cancellation);
            foreach (var (head, task) in chosen)
            {
                var rule = head!.Definition.Threshold!;
                int width = head.OutputSize;
                var thresholds = new float[width];
                for (int slot = 0; slot < width; slot++)
                {
                    var probabilities = new List<float>();
                    var labels = new List<bool>();
                    if (rule.NeedsValidation)
                    {
                        var taskLabels = validation!.Labels(task);
                        for (int row = 0; row < validation.RowCount; row++)
                        {
                            float label = taskLabels[(row * width) + slot];
                            if (!float.IsNaN(label))
                            {
                                probabilities.Add(1 / (1 + MathF.Exp(-logits![task][(row * width) + slot])));
                                labels.Add(label > 0.5f);
                            }
                        }
                    }
                    float? threshold = rule.Choose(probabilities.ToArray(), labels.ToArray());
                    if (threshold == null)
                    {
                        warn($"Task '{head.Definition.Name}'{(width > 1 ? $", label {slot + 1}," : string.Empty)}: the decision threshold {rule} cannot be met on the validation set's {labels.Count} labelled rows; PredictedLabel uses probability 0.5.");
                    }
                    thresholds[slot] = threshold ?? 0.5f;
                }
                head.SetThresholds(thresholds);
            }
        }
    }
}
