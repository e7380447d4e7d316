using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Samples;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>The tabular data sets shipped in docs/samples/data, each with the split its SOURCE.md suggests.</summary>
    public static class AccuracyDataSets
    {
        public static AccuracyDataSet Census(CensusBenchmarks census)
            => new AccuracyDataSet("Census-income", $"{census.TrainRows} training rows (the 50% split of section 1), one-hot features", census.Train, census.Test,
                CensusData.Tasks.Select(t => new AccuracyTask(t, AccuracyTaskKind.Binary)).ToArray());

        /// <summary>Penguins: species (multiclass), sex (binary, partly missing), body mass (regression); the 75/25 split of section 1, island one-hot.</summary>
        public static AccuracyDataSet Penguins(MLContext ml, string folder)
        {
            var rows = PenguinsData.Load(Path.Combine(folder, "penguins", "penguins.csv"));
            var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(rows), testFraction: 0.25, seed: 1);
            var featurizer = PenguinsData.Featurize(ml).Fit(split.TrainSet);
            var train = ml.Data.Cache(featurizer.Transform(split.TrainSet));
            return new AccuracyDataSet("Penguins", $"{RowCount(train)} training penguins, island one-hot and three measurements; 75/25 split (seed 1)", train, ml.Data.Cache(featurizer.Transform(split.TestSet)),
                new[] { new AccuracyTask(nameof(Penguin.Species), AccuracyTaskKind.Multiclass), new AccuracyTask(nameof(Penguin.Sex), AccuracyTaskKind.Binary), new AccuracyTask(nameof(Penguin.BodyMass), AccuracyTaskKind.Regression) });
        }

        /// <summary>Red and white wine: quality (3–9) as regression and colour (red = 1) as binary; test = every fifth row (row % 5 = 4).</summary>
        public static AccuracyDataSet Wine(MLContext ml, string folder)
        {
            var lines = File.ReadAllLines(Path.Combine(folder, "wine-quality", "wine-quality.csv"));
            // The colour column becomes 1 (red) or 0 (white) so every label loads as Single.
            var numeric = lines.Select((line, i) => i == 0 ? line : line.Replace(",red", ",1", StringComparison.Ordinal).Replace(",white", ",0", StringComparison.Ordinal)).ToArray();
            var columns = new[]
            {
                new TextLoader.Column("Features", DataKind.Single, 0, 10),
                new TextLoader.Column("Quality", DataKind.Single, 11),
                new TextLoader.Column("Red", DataKind.Single, 12),
            };
            var (train, test) = Split(ml, "wine", numeric, columns, (_, row) => row % 5 == 4);
            return new AccuracyDataSet("Wine quality", $"{RowCount(train)} training wines, 11 physico-chemical features; test = row % 5 = 4", train, test,
                new[] { new AccuracyTask("Quality", AccuracyTaskKind.Regression), new AccuracyTask("Red", AccuracyTaskKind.Binary) });
        }

        /// <summary>Parkinson's telemonitoring: motor and total UPDRS; split by patient (subject % 5 = 4 is test); features age, sex, test time and 16 voice measures.</summary>
        public static AccuracyDataSet Parkinsons(MLContext ml, string folder)
        {
            var lines = File.ReadAllLines(Path.Combine(folder, "parkinsons-telemonitoring", "parkinsons-telemonitoring.csv"));
            var columns = new[]
            {
                new TextLoader.Column("Features", DataKind.Single, new[] { new TextLoader.Range(1, 3), new TextLoader.Range(6, 21) }),
                new TextLoader.Column("MotorUpdrs", DataKind.Single, 4),
                new TextLoader.Column("TotalUpdrs", DataKind.Single, 5),
            };
            var (train, test) = Split(ml, "parkinsons", lines, columns, (line, _) => int.Parse(line.Substring(0, line.IndexOf(',', StringComparison.Ordinal))) % 5 == 4);
            return new AccuracyDataSet("Parkinsons telemonitoring", $"{RowCount(train)} training recordings, split by patient (subject % 5 = 4 is test); age, sex, test time, 16 voice measures", train, test,
                new[] { new AccuracyTask("MotorUpdrs", AccuracyTaskKind.Regression), new AccuracyTask("TotalUpdrs", AccuracyTaskKind.Regression) });
        }

        public static AccuracyDataSet Emotions(MLContext ml, string folder)
            => MultiLabel(ml, folder, "emotions", 72, new[] { "amazed_suprised", "happy_pleased", "relaxing_calm", "quiet_still", "sad_lonely", "angry_aggresive" });

        public static AccuracyDataSet Scene(MLContext ml, string folder)
            => MultiLabel(ml, folder, "scene", 294, new[] { "Beach", "Sunset", "FallFoliage", "Field", "Mountain", "Urban" });

        /// <summary>A Mulan multi-label set, each label a binary task, on Mulan's own train/test split.</summary>
        private static AccuracyDataSet MultiLabel(MLContext ml, string folder, string name, int features, string[] labels)
        {
            var columns = labels.Select((label, i) => new TextLoader.Column(label, DataKind.Single, features + i))
                .Prepend(new TextLoader.Column("Features", DataKind.Single, 0, features - 1)).ToArray();
            string[] Lines(string split)
            {
                string path = Path.Combine(folder, name, $"{name}-{split}.csv");
                if (File.Exists(path))
                {
                    return File.ReadAllLines(path);
                }
                // The scene files ship gzipped.
                using var reader = new StreamReader(new GZipStream(File.OpenRead(path + ".gz"), CompressionMode.Decompress));
                return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
            var train = Load(ml, $"{name}-train", Lines("train"), columns);
            return new AccuracyDataSet(char.ToUpperInvariant(name[0]) + name.Substring(1), $"{RowCount(train)} training rows, {features} features, {labels.Length} labels as binary tasks; Mulan's train/test split",
                train, Load(ml, $"{name}-test", Lines("test"), columns), labels.Select(l => new AccuracyTask(l, AccuracyTaskKind.Binary)).ToArray());
        }

        /// <summary>Splits CSV lines (header first) into train and test by (line, 0-based data row), each loaded and cached.</summary>
        private static (IDataView Train, IDataView Test) Split(MLContext ml, string name, string[] lines, TextLoader.Column[] columns, Func<string, int, bool> isTest)
        {
            var rows = lines.Skip(1).Select((line, row) => (line, test: isTest(line, row))).ToArray();
            return (Load(ml, name + "-train", rows.Where(r => !r.test).Select(r => r.line).Prepend(lines[0]), columns),
                Load(ml, name + "-test", rows.Where(r => r.test).Select(r => r.line).Prepend(lines[0]), columns));
        }

        /// <summary>Rows of a view, counted by a cursor (a transformed view does not know its count).</summary>
        public static long RowCount(IDataView data)
        {
            long rows = 0;
            using var cursor = data.GetRowCursor(Array.Empty<DataViewSchema.Column>());
            while (cursor.MoveNext())
            {
                rows++;
            }
            return rows;
        }

        /// <summary>Writes the lines to a file of this benchmark's temporary folder (overwritten by the next run) and loads it, cached.</summary>
        private static IDataView Load(MLContext ml, string name, IEnumerable<string> lines, TextLoader.Column[] columns)
        {
            string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "multitask-benchmark-data")).FullName;
            string path = Path.Combine(folder, name + ".csv");
            File.WriteAllLines(path, lines);
            return ml.Data.Cache(ml.Data.LoadFromTextFile(path, columns, separatorChar: ',', hasHeader: true));
        }
    }
}
