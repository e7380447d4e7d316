using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Multi-task learning for an <see cref="MLContext"/>: trainers and evaluation. Get it with
    /// <c>mlContext.MultiTask()</c>.
    /// </summary>
    public sealed class MultiTaskCatalog
    {
        private readonly MLContext _mlContext;

        internal MultiTaskCatalog(MLContext mlContext)
        {
            _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
            Trainers = new MultiTaskTrainers(mlContext);
        }

        /// <summary>The multi-task trainers.</summary>
        public MultiTaskTrainers Trainers { get; }

        /// <summary>
        /// Evaluates every task of a fitted model on scored data with ML.NET's evaluator for its kind.
        /// Rows whose label for a task is missing are left out of that task's metrics only.
        /// </summary>
        /// <param name="data">Data transformed by the model, still holding the label columns.</param>
        /// <param name="model">The fitted model (e.g. <c>pipelineModel.LastTransformer</c>).</param>
        public MultiTaskMetrics Evaluate(IDataView data, MultiTaskTransformer model)
        {
            if (model == null)
            {
                throw new ArgumentNullException(nameof(model));
            }
            return Evaluate(data, model.Tasks);
        }

        /// <summary>
        /// Evaluates scored data given the task definitions, e.g. for a model loaded from a zip.
        /// Class names come from the <c>Task.PredictedLabel</c> key values in <paramref name="data"/>.
        /// </summary>
        /// <param name="data">Data transformed by the model, still holding the label columns.</param>
        /// <param name="tasks">The tasks the model was trained with (names and label columns).</param>
        public MultiTaskMetrics Evaluate(IDataView data, IEnumerable<TaskDefinition> tasks)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }
            if (tasks == null)
            {
                throw new ArgumentNullException(nameof(tasks));
            }
            var list = tasks.ToList();
            if (list.Count == 0)
            {
                throw new ArgumentException("Give at least one task to evaluate.", nameof(tasks));
            }
            return new MultiTaskMetrics(list.Select(task => task.Evaluate(_mlContext, data)).ToArray());
        }
    }
}
