using System;
using System.Collections.Generic;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// A task as fitted to training data: the width of its network output, its loss, and the
    /// graph nodes that turn its logits into its output columns.
    /// </summary>
    internal abstract class TaskHead
    {
        protected TaskHead(TaskDefinition definition)
        {
            Definition = definition;
        }

        public TaskDefinition Definition { get; }

        /// <summary>Width of the task's head output (its logits, unless <see cref="SelectLogits"/> narrows them).</summary>
        public abstract int OutputSize { get; }

        /// <summary>How the outputs of ensemble members are averaged into this task's logits.</summary>
        public abstract Ensembles.MemberAverage MemberAverage { get; }

        /// <summary>Class or label-slot names, where the kind has them.</summary>
        public virtual IReadOnlyList<string>? ClassNames => null;

        /// <summary>A reader of this task's label in data other than the training data (validation).</summary>
        public virtual TaskLabelReader CreateLabelReader(Microsoft.ML.DataViewRow row, Microsoft.ML.DataViewSchema.Column column)
            => Definition.CreateLabelReader(row, column);

        /// <summary>Fits class weights on the training labels when the task asks for them (<see cref="TaskDefinition.BalanceClasses"/>); kinds without classes ignore it.</summary>
        public virtual void FitClassWeights(ReadOnlySpan<float> labels)
        {
        }

        /// <summary>
        /// The kind's main metric from ML.NET's evaluator over labelled rows, computed from raw logits and prepared labels
        /// (row-major, NaN = missing): its name and value, higher is better. Early stopping on a metric reads it every epoch.
        /// </summary>
        public abstract KeyValuePair<string, double> ValidationMetric(MLContext mlContext, float[] logits, ReadOnlySpan<float> labels);

        /// <summary>
        /// Binds the head to the training features before the network is built (a grouped task finds its group's one-hot
        /// slots and so its output width). Most kinds need nothing.
        /// </summary>
        public virtual void Bind(Encodings.EncodingContext features)
        {
        }

        /// <summary>
        /// The task's logits from its head's [rows, <see cref="OutputSize"/>] output and the network's [B, F] scaled input
        /// features (rows = k·B with k ensemble members in training): the identity for most kinds; a grouped task picks
        /// each row's group's output.
        /// </summary>
        public virtual Tensor SelectLogits(Tensor outputs, Tensor features) => outputs;

        /// <summary>The same as graph nodes: <paramref name="outputs"/> is the head's [N, OutputSize] value, <paramref name="features"/> the graph's input.</summary>
        public virtual string AppendSelectLogits(OnnxGraphBuilder graph, string outputs, string features) => outputs;

        /// <summary>
        /// Per training row, the group whose rows should share a minibatch (a ranking task's groups), or null when rows
        /// may be shuffled freely. <paramref name="labels"/> are the prepared labels, row-major.
        /// </summary>
        public virtual int[]? MinibatchGroups(ReadOnlySpan<float> labels) => null;

        /// <summary>
        /// The [B, width] labels repeated for k ensemble members, member after member, as the members' rows come. A kind whose
        /// labels relate rows to each other (ranking groups) keeps each member's copy apart.
        /// </summary>
        public virtual Tensor RepeatForMembers(Tensor labels, int members) => labels.repeat(members, 1);

        /// <summary>Turns labels as read into the scale the loss sees (in place).</summary>
        public virtual void PrepareLabels(Span<float> labels)
        {
        }

        /// <summary>
        /// The sum of the task's loss over the labelled entries of a batch. The mean over a batch, an epoch or
        /// a data set is this sum divided by the number of labelled entries, which the caller counts.
        /// </summary>
        /// <param name="logits">[B, OutputSize] network output.</param>
        /// <param name="labels">[B, label width] labels, with missing entries set to 0.</param>
        /// <param name="mask">[B, label width], 1 for a labelled entry and 0 for a missing one; null when all are labelled.</param>
        public abstract Tensor LossSum(Tensor logits, Tensor labels, Tensor? mask);

        /// <summary>Adds the nodes from <paramref name="logits"/> to this task's outputs.</summary>
        public abstract void AppendOutputs(OnnxGraphBuilder graph, string logits, OnnxOutputCollector outputs);

        /// <summary>Sums per-entry losses, counting only labelled entries.</summary>
        protected static Tensor MaskedSum(Tensor losses, Tensor? mask) => (mask is null ? losses : losses * mask).sum();

        /// <summary>Labels with NaN replaced by 0, and the 1/0 mask of labelled entries (null when none is missing).</summary>
        public static (float[] Filled, float[]? Mask) FillMissing(float[] labels)
        {
            if (!Array.Exists(labels, float.IsNaN))
            {
                return (labels, null);
            }
            var filled = new float[labels.Length];
            var mask = new float[labels.Length];
            for (int i = 0; i < labels.Length; i++)
            {
                bool labelled = !float.IsNaN(labels[i]);
                filled[i] = labelled ? labels[i] : 0f;
                mask[i] = labelled ? 1f : 0f;
            }
            return (filled, mask);
        }
    }
}
