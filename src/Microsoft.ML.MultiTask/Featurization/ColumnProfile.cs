using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Data;

namespace Microsoft.ML.MultiTask.Featurization
{
    /// <summary>
    /// What one pass over the rows learns of a scalar column: its distinct values, missing values, whether its numbers are
    /// whole, how long and wordy its texts are, and whether each label is a function of it (one label value per value).
    /// </summary>
    internal sealed class ColumnProfile
    {
        /// <summary>Above this many distinct values a column is not followed as a possible leak (bounded memory).</summary>
        private const int MaxLeakValues = 10_000;

        private readonly Func<string?> _value;
        private readonly HashSet<string> _distinct = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string>[] _labelOf;
        private readonly bool[] _labelIsFunction;
        private long _textLength;
        private int _withSpace;

        public ColumnProfile(DataViewRow row, DataViewSchema.Column column, int labels)
        {
            Column = column;
            _value = LabelGetters.ClassName(row, column);
            _labelOf = new Dictionary<string, string>[labels];
            _labelIsFunction = new bool[labels];
            for (int i = 0; i < labels; i++)
            {
                _labelOf[i] = new Dictionary<string, string>(StringComparer.Ordinal);
                _labelIsFunction[i] = true;
            }
        }

        public DataViewSchema.Column Column { get; }

        public int Present { get; private set; }

        public int Missing { get; private set; }

        public int Distinct => _distinct.Count;

        /// <summary>True while every value read is a whole number.</summary>
        public bool WholeNumbers { get; private set; } = true;

        public double MeanTextLength => Present == 0 ? 0 : (double)_textLength / Present;

        public double ShareWithSpace => Present == 0 ? 0 : (double)_withSpace / Present;

        /// <summary>Reads the current row; <paramref name="labels"/> are the labels' values on it (null = missing).</summary>
        public void Read(string?[] labels)
        {
            string? value = _value();
            if (value == null)
            {
                Missing++;
                return;
            }
            Present++;
            _distinct.Add(value);
            _textLength += value.Length;
            if (value.Contains(' ', StringComparison.Ordinal))
            {
                _withSpace++;
            }
            if (WholeNumbers && !(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && Math.Floor(number) == number))
            {
                WholeNumbers = false;
            }
            for (int i = 0; i < labels.Length; i++)
            {
                string? label = labels[i];
                if (label == null || !_labelIsFunction[i])
                {
                    continue;
                }
                if (_labelOf[i].TryGetValue(value, out string? seen))
                {
                    _labelIsFunction[i] = seen == label;
                }
                else if (_labelOf[i].Count < MaxLeakValues)
                {
                    _labelOf[i].Add(value, label);
                }
                else
                {
                    _labelIsFunction[i] = false;
                }
            }
        }

        /// <summary>True when every row read with label <paramref name="label"/> and a value has the one label value its value had before.</summary>
        public bool DeterminesLabel(int label) => _labelIsFunction[label] && _labelOf[label].Count > 0;
    }
}
