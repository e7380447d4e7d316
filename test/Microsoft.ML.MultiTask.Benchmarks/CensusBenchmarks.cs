using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Samples;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>Census-income runs: the multi-task net, single-task nets, LightGBM and FastTree on one split.</summary>
    public sealed class CensusBenchmarks : IDisposable
    {
        private readonly MLContext _ml = new MLContext(seed: 1);
        private readonly BenchmarkSettings _settings;
        private readonly CensusData _census;

        public CensusBenchmarks(BenchmarkSettings settings)
        {
            _settings = settings;
            _census = CensusData.Load(_ml, Path.Combine(settings.DataFolder, "census-income-kdd", "census-income.csv.gz"), settings.CensusRows);
            Featurizer = _census.Featurize.Fit(_census.Train);
            Train = Materialize(Featurizer.Transform(_census.Train));
            Test = Materialize(Featurizer.Transform(_census.Test));
            Validation = Materialize(Featurizer.Transform(_census.Validation));
        }

        public ITransformer Featurizer { get; }

        /// <summary>Featurized training rows, read into memory once so every trainer starts from the same cached view.</summary>
        public IDataView Train { get; }

        public IDataView Test { get; }

        /// <summary>The featurized 25% validation split (for early stopping).</summary>
        public IDataView Validation { get; }

        public IDataView RawTest => _census.Test;

        public MLContext Context => _ml;

        public int TrainRows => (int)Train.GetRowCount()!.Value;

        public MultiTaskTrainer.Options Options(int seed, params string[] tasks)
        {
            var options = new MultiTaskTrainer.Options
            {
                Architecture = new HardSharing { SharedLayers = new[] { 128, 64 } },
                HeadLayers = new[] { 16 },
                MaxEpochs = _settings.CensusEpochs,
                BatchSize = 256,
                LearningRate = 1e-3,
                Dropout = 0.1,
                Seed = seed,
                // Sections 1 to 8 measure the milestone-1 network; section 9 measures the encodings.
                FeatureEncoding = null,
            };
            foreach (var task in tasks)
            {
                options.Tasks.Add(TaskDefinition.Binary(task));
            }
            return options;
        }

        /// <summary>Fits a neural model on the training rows and returns its test AUC per task.</summary>
        public (Dictionary<string, double> Auc, Measurement Cost, double RowsPerSecond, MultiTaskTransformer Model) FitNetwork(MultiTaskTrainer.Options options, IDataView? train = null)
        {
            var (model, cost) = Measurement.Of(() => _ml.MultiTask().Trainers.MultiTask(options).Fit(train ?? Train));
            var metrics = _ml.MultiTask().Evaluate(model.Transform(Test), model);
            return (metrics.Tasks.ToDictionary(t => t.TaskName, t => t.Binary!.AreaUnderRocCurve), cost, model.History.Epochs.Average(e => e.RowsPerSecond), model);
        }

        /// <summary>Fits a tree ensemble on one task and returns its test AUC.</summary>
        public (double Auc, Measurement Cost, ITransformer Model) FitTrees(string task, bool lightGbm)
        {
            IEstimator<ITransformer> trainer = lightGbm
                ? _ml.BinaryClassification.Trainers.LightGbm(labelColumnName: task, featureColumnName: "Features")
                : _ml.BinaryClassification.Trainers.FastTree(labelColumnName: task, featureColumnName: "Features");
            var (model, cost) = Measurement.Of(() => trainer.Fit(Train));
            return (_ml.BinaryClassification.Evaluate(model.Transform(Test), labelColumnName: task).AreaUnderRocCurve, cost, model);
        }

        public void Dispose() => _census.Dispose();

        private IDataView Materialize(IDataView view)
        {
            var cached = _ml.Data.Cache(view);
            using (var cursor = cached.GetRowCursor(cached.Schema))
            {
                while (cursor.MoveNext())
                {
                }
            }
            return cached;
        }
    }
}
