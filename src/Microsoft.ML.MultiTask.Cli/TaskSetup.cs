using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>
    /// The <c>--task</c> values made concrete against a data set: parsed, checked, resolved (kind, label conversion), and
    /// the columns that are never features (labels, ranking groups).
    /// </summary>
    internal sealed class TaskSetup
    {
        private TaskSetup(IReadOnlyList<TaskSpecification> specifications, IReadOnlyList<ResolvedTask> tasks)
        {
            Specifications = specifications;
            Tasks = tasks;
        }

        public IReadOnlyList<TaskSpecification> Specifications { get; }

        public IReadOnlyList<ResolvedTask> Tasks { get; }

        /// <summary>The group column of the first ranking task: the split keeps its groups whole.</summary>
        public string? RankingGroup => Specifications.FirstOrDefault(s => s.Kind == "ranking")?.Group;

        public IReadOnlyList<string> NonFeatureColumns => Specifications.SelectMany(s => s.Columns)
            .Concat(Specifications.Where(s => s.Kind == "ranking").Select(s => s.Group!)).Distinct().ToList();

        public static TaskSetup Resolve(MLContext mlContext, IEnumerable<string> taskValues, DatasetFile dataset, int minimumTasks)
        {
            var specifications = taskValues.Select(TaskSpecification.Parse).ToList();
            if (specifications.Count < minimumTasks)
            {
                throw new UsageException($"--task: give at least {minimumTasks} tasks; got {specifications.Count}.");
            }
            var duplicate = specifications.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                throw new UsageException($"--task: two tasks are named '{duplicate.Key}'; give each task its own name.");
            }
            var tasks = specifications.Select(spec => ResolvedTask.Resolve(mlContext, spec, dataset)).ToList();
            foreach (var (spec, task) in specifications.Zip(tasks))
            {
                CommandRunner.Line($"Task {spec.Name}: {task.Why}.");
            }
            return new TaskSetup(specifications, tasks);
        }

        /// <summary>The featurization, then each task's label conversion.</summary>
        public IEstimator<ITransformer> Pipeline(FeaturizationPlan plan)
        {
            IEstimator<ITransformer> pipeline = plan.Estimator;
            foreach (var conversion in Tasks.Select(t => t.LabelConversion).OfType<IEstimator<ITransformer>>())
            {
                pipeline = pipeline.Append(conversion);
            }
            return pipeline;
        }

        public void AddTo(MultiTaskTrainer.Options options)
        {
            foreach (var task in Tasks)
            {
                options.Tasks.Add(task.Definition);
            }
        }
    }
}
