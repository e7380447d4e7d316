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

        /// <summary>Width of the network output (logits) for this task.</summary>
        public abstract int OutputSize { get; }

        /// <summary>Class or label-slot names, where the kind has them.</summary>
        public virtual IReadOnlyList<string>? ClassNames => null;

        /// <summary>A reader of this task's label in data other than the training data (validation).</summary>
        public virtual TaskLabelReader CreateLabelReader(Microsoft.ML.DataViewRow row, Microsoft.ML.DataViewSchema.Column column)
            => Definition.CreateLabelReader(row, column);

        /// <summary>Turns labels as read into the scale the loss sees (in place).</summary>
        public virtual void PrepareLabels(Span<float> labels)
        {
        }

        /// <summary>
        /// The task's loss on a batch: the sum over labelled entries and their count (both scalar
        /// tensors), so that means over batches and epochs are exact even with missing labels.
        /// </summary>
        /// <param name="logits">[B, OutputSize] network output.</param>
        /// <param name="labels">[B, label width] labels, NaN = missing.</param>
        public abstract (Tensor Sum, Tensor Count) Loss(Tensor logits, Tensor labels);

        /// <summary>Adds the nodes from <paramref name="logits"/> to this task's outputs.</summary>
        public abstract void AppendOutputs(OnnxGraphBuilder graph, string logits, OnnxOutputCollector outputs);

        /// <summary>Mask of labelled entries (1/0 floats) and the labels with NaN replaced by 0.</summary>
        protected static (Tensor Mask, Tensor Filled) Split(Tensor labels)
        {
            var missing = labels.isnan();
            var mask = missing.logical_not().to_type(ScalarType.Float32);
            var filled = labels.masked_fill(missing, 0f);
            return (mask, filled);
        }
    }
}
