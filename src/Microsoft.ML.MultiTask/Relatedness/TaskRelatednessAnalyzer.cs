using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Data;

namespace Microsoft.ML.MultiTask.Relatedness
{
    /// <summary>Runs the parts of <see cref="TaskRelatednessOptions"/>: label association, one observed training run, groupings, transfer runs.</summary>
    internal static class TaskRelatednessAnalyzer
    {
        private const string Prefix = nameof(TaskRelatednessOptions) + ".";

        public static TaskRelatednessReport Analyze(MLContext ml, IDataView data, TaskRelatednessOptions options)
        {
            var trainer = Validate(data, options);
            var tasks = trainer.Tasks.ToArray();
            var names = tasks.Select(t => t.Name).ToArray();
            TaskMatrix? association = null, rows = null, cosine = null, affinity = null;
            IReadOnlyList<TaskMatrix>? byEpoch = null;
            if (options.LabelAssociation)
            {
                var labels = DataSetReader.Read(data, trainer.FeatureColumnName, null, tasks.Select(t => t.GetLabelColumn(data.Schema, "training data")).ToArray(),
                    (row, column, i) => tasks[i].CreateLabelReader(row, column), true, null, false, "training data", out _, tasks.SelectMany(t => t.ContextColumns(data.Schema, "training data")));
                (association, rows) = LabelAssociation.Measure(labels, tasks);
            }
            if (options.GradientCosine || options.Affinity)
            {
                var observer = new TaskRelationObserver(names, options.StepInterval, options.Affinity ? options.LookaheadLearningRate ?? trainer.LearningRate : null);
                var run = trainer.WithTasks(tasks);
                run.Observers.Add(observer);
                ml.MultiTask().Trainers.MultiTask(run).Fit(data).Dispose();
                (cosine, byEpoch) = options.GradientCosine ? (observer.Cosine, observer.CosineByEpoch) : (null, null);
                affinity = options.Affinity ? observer.Affinity : null;
            }
            return new TaskRelatednessReport(names)
            {
                LabelAssociation = association,
                CoLabelledRows = rows,
                GradientCosine = cosine,
                GradientCosineByEpoch = byEpoch,
                Affinity = affinity,
                Groupings = affinity == null ? null : Enumerable.Range(1, options.MaxGroups ?? tasks.Length).Select(k => GroupingSearch.Best(affinity, k)).ToArray(),
                Transfer = options.Transfer ? Transfer(ml, data, options.TestData!, trainer, options.TransferSeeds) : null,
            };
        }

        private static MultiTaskTrainer.Options Validate(IDataView data, TaskRelatednessOptions options)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }
            var trainer = options.TrainerOptions ?? throw new ArgumentNullException(nameof(options.TrainerOptions), $"{Prefix}{nameof(options.TrainerOptions)} must be set: the tasks and the options every training run uses.");
            int count = trainer.Tasks.Count;
            if (count < 2)
            {
                throw new ArgumentException($"Task relatedness needs at least two tasks; {Prefix}{nameof(options.TrainerOptions)}.Tasks has {count}.", nameof(options));
            }
            if (options.StepInterval < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options.StepInterval), options.StepInterval, $"{Prefix}{nameof(options.StepInterval)} must be >= 1; got {options.StepInterval}.");
            }
            if (options.MaxGroups is int groups && (groups < 1 || groups > count))
            {
                throw new ArgumentOutOfRangeException(nameof(options.MaxGroups), groups, $"{Prefix}{nameof(options.MaxGroups)} must be between 1 and the number of tasks ({count}); got {groups}.");
            }
            if (options.LookaheadLearningRate is double rate && !(rate > 0 && double.IsFinite(rate)))
            {
                throw new ArgumentOutOfRangeException(nameof(options.LookaheadLearningRate), rate, $"{Prefix}{nameof(options.LookaheadLearningRate)} must be a finite number > 0 (or null for the trainer's learning rate); got {rate}.");
            }
            if (options.Transfer && options.TestData == null)
            {
                throw new ArgumentException($"{Prefix}{nameof(options.Transfer)} compares each task's figure on held-out data; set {Prefix}{nameof(options.TestData)}.", nameof(options));
            }
            if (options.Transfer && (options.TransferSeeds == null || options.TransferSeeds.Count == 0))
            {
                throw new ArgumentException($"{Prefix}{nameof(options.TransferSeeds)} must hold at least one seed.", nameof(options));
            }
            return trainer;
        }

        /// <summary>Per task, its main figure on the test data with the other tasks and alone, per seed.</summary>
        private static IReadOnlyList<TaskTransfer> Transfer(MLContext ml, IDataView data, IDataView test, MultiTaskTrainer.Options trainer, IReadOnlyList<int> seeds)
        {
            var tasks = trainer.Tasks.ToArray();
            KeyValuePair<string, double>[] Figures(IReadOnlyList<TaskDefinition> trained, int seed)
            {
                using var model = ml.MultiTask().Trainers.MultiTask(trainer.WithTasks(trained).With(o => o.Seed = seed)).Fit(data);
                var metrics = ml.MultiTask().Evaluate(model.Transform(test), model);
                return trained.Select(t => metrics[t.Name].MainFigure).ToArray();
            }
            var multi = seeds.Select(seed => Figures(tasks, seed)).ToArray();
            var single = tasks.Select(task => seeds.Select(seed => Figures(new[] { task }, seed)[0]).ToArray()).ToArray();
            return tasks.Select((task, t) => new TaskTransfer(task.Name, multi[0][t].Key, multi.Select(m => m[t].Value).ToArray(), single[t].Select(f => f.Value).ToArray())).ToArray();
        }
    }
}
