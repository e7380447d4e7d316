using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// One knob of a <see cref="SearchSpace"/>: a named choice of values or a numeric range, and how a value is set on the
    /// trainer's options. Search methods see every dimension as the interval [0, 1]; the dimension turns a point of it into
    /// its value (a range linearly or on a log scale, a choice by equal shares).
    /// </summary>
    public sealed class SearchDimension
    {
        private readonly Func<double, object> _decode;
        private readonly Action<MultiTaskTrainer.Options, object> _apply;

        private SearchDimension(string name, int? choices, Func<double, object> decode, Action<MultiTaskTrainer.Options, object> apply, string description)
        {
            Name = name;
            Choices = choices;
            _decode = decode;
            _apply = apply;
            Description = description;
        }

        /// <summary>The knob's name, as trial results show it.</summary>
        public string Name { get; }

        /// <summary>The number of values of a choice; null for a range.</summary>
        public int? Choices { get; }

        /// <summary>What the dimension ranges over, e.g. <c>LearningRate: 0.0003 to 0.003, log scale</c>.</summary>
        public string Description { get; }

        /// <summary>A choice among <paramref name="values"/> (at least one).</summary>
        /// <param name="name">The knob's name.</param>
        /// <param name="values">The values, in order (grid search visits them in this order before shuffling).</param>
        /// <param name="apply">Sets a value on a trial's options.</param>
        public static SearchDimension Choice<T>(string name, IEnumerable<T> values, Action<MultiTaskTrainer.Options, T> apply)
        {
            CheckName(name, apply);
            var list = values?.ToArray() ?? throw new ArgumentNullException(nameof(values));
            if (list.Length == 0)
            {
                throw new ArgumentException($"Search dimension '{name}': give at least one value to choose from.", nameof(values));
            }
            return new SearchDimension(name, list.Length, u => list[Math.Min(list.Length - 1, (int)(u * list.Length))]!, (o, v) => apply(o, (T)v),
                $"{name}: one of {string.Join(", ", list.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))}");
        }

        /// <summary>A real number between <paramref name="min"/> and <paramref name="max"/>.</summary>
        /// <param name="name">The knob's name.</param>
        /// <param name="min">The smallest value.</param>
        /// <param name="max">The largest value (at least <paramref name="min"/>).</param>
        /// <param name="logScale">Search on a log scale (learning rates, weight decay); both ends must then be positive.</param>
        /// <param name="apply">Sets a value on a trial's options.</param>
        public static SearchDimension Range(string name, double min, double max, bool logScale, Action<MultiTaskTrainer.Options, double> apply)
        {
            CheckName(name, apply);
            CheckRange(name, min, max, logScale);
            return new SearchDimension(name, null, u => Interpolate(u, min, max, logScale), (o, v) => apply(o, (double)v),
                string.Format(CultureInfo.InvariantCulture, "{0}: {1:G4} to {2:G4}{3}", name, min, max, logScale ? ", log scale" : string.Empty));
        }

        /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/> (layer widths, batch sizes).</summary>
        /// <param name="name">The knob's name.</param>
        /// <param name="min">The smallest value.</param>
        /// <param name="max">The largest value (at least <paramref name="min"/>).</param>
        /// <param name="logScale">Search on a log scale; both ends must then be positive.</param>
        /// <param name="apply">Sets a value on a trial's options.</param>
        public static SearchDimension IntegerRange(string name, int min, int max, bool logScale, Action<MultiTaskTrainer.Options, int> apply)
        {
            CheckName(name, apply);
            CheckRange(name, min, max, logScale);
            return new SearchDimension(name, null, u => (int)Math.Round(Interpolate(u, min, max, logScale)), (o, v) => apply(o, (int)v),
                string.Format(CultureInfo.InvariantCulture, "{0}: whole numbers {1} to {2}{3}", name, min, max, logScale ? ", log scale" : string.Empty));
        }

        /// <summary>The value at <paramref name="point"/> of [0, 1].</summary>
        internal object Decode(double point) => _decode(Math.Clamp(point, 0, 1));

        internal void Apply(MultiTaskTrainer.Options options, object value) => _apply(options, value);

        /// <summary>Where a choice's value <paramref name="index"/> sits in [0, 1]: the middle of its share.</summary>
        internal double PointOfChoice(int index) => (index + 0.5) / Choices!.Value;

        /// <summary>Which of a choice's values <paramref name="point"/> picks.</summary>
        internal int ChoiceAt(double point) => Math.Min(Choices!.Value - 1, (int)(Math.Clamp(point, 0, 1) * Choices.Value));

        private static double Interpolate(double u, double min, double max, bool logScale)
            => logScale ? Math.Exp(Math.Log(min) + (u * (Math.Log(max) - Math.Log(min)))) : min + (u * (max - min));

        private static void CheckName(string name, Delegate apply)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A search dimension needs a name.", nameof(name));
            }
            if (apply == null)
            {
                throw new ArgumentNullException(nameof(apply), $"Search dimension '{name}': give the action that sets its value on the options.");
            }
        }

        private static void CheckRange(string name, double min, double max, bool logScale)
        {
            if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            {
                throw new ArgumentOutOfRangeException(nameof(min), string.Format(CultureInfo.InvariantCulture,
                    "Search dimension '{0}': the range must be finite with min <= max; got {1} to {2}.", name, min, max));
            }
            if (logScale && min <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(min), string.Format(CultureInfo.InvariantCulture,
                    "Search dimension '{0}': a log-scale range must be positive; got {1} to {2}.", name, min, max));
            }
        }
    }
}
