using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Data;

namespace Microsoft.ML.MultiTask.Encodings
{
    /// <summary>
    /// What a feature encoding is fitted on: the scaled training features (or some of their slots, when categorical
    /// embeddings took the others), the scaling that maps them back to raw values, the slot names, and the option name for
    /// messages. Positions count the visible slots; slots are indices into the whole feature vector.
    /// </summary>
    internal sealed class EncodingContext
    {
        private readonly int[] _positions;

        public EncodingContext(FeatureMatrix features, FeatureScaling? scaling, IReadOnlyList<string>? slotNames, string optionName)
            : this(features, scaling, slotNames, optionName, Enumerable.Range(0, features.Width).ToArray())
        {
        }

        private EncodingContext(FeatureMatrix features, FeatureScaling? scaling, IReadOnlyList<string>? slotNames, string optionName, int[] slots)
        {
            Features = features;
            Scaling = scaling;
            SlotNames = slotNames;
            OptionName = optionName;
            Slots = slots;
            _positions = Enumerable.Repeat(-1, features.Width).ToArray();
            for (int position = 0; position < slots.Length; position++)
            {
                _positions[slots[position]] = position;
            }
        }

        /// <summary>The scaled training features, all slots.</summary>
        public FeatureMatrix Features { get; }

        /// <summary>The scaling applied to the features, or null.</summary>
        public FeatureScaling? Scaling { get; }

        /// <summary>The feature vector's slot names (ML.NET's <c>SlotNames</c> annotation), or null when it has none.</summary>
        public IReadOnlyList<string>? SlotNames { get; }

        /// <summary>The slot of each visible position, ascending.</summary>
        public IReadOnlyList<int> Slots { get; }

        /// <summary>Width of the encoder's input: the visible slots.</summary>
        public int InputSize => Slots.Count;

        /// <summary>The option's name for error messages, e.g. <c>Options.FeatureEncoding</c>.</summary>
        public string OptionName { get; }

        /// <summary>The position of <paramref name="slot"/> in the encoder's input, or −1 when it is not visible.</summary>
        public int PositionOf(int slot) => _positions[slot];

        /// <summary>The inverse of the feature scaling in <paramref name="slot"/>: raw = scaled · Multiplier + Offset.</summary>
        public (float Multiplier, float Offset) Unscaling(int slot) => Scaling == null ? (1, 0) : (1 / Scaling.Scale[slot], Scaling.Offset[slot]);

        /// <summary>The training value before scaling of a scaled value in <paramref name="slot"/>.</summary>
        public float Raw(int slot, float scaled)
        {
            var (multiplier, offset) = Unscaling(slot);
            return (scaled * multiplier) + offset;
        }

        /// <summary>Calls <paramref name="visit"/> with (row, position, value) for every non-zero scaled entry of a visible slot.</summary>
        public void VisitNonZeros(Action<int, int, float> visit)
            => Features.VisitNonZeros((row, slot, value) =>
            {
                int position = _positions[slot];
                if (position >= 0)
                {
                    visit(row, position, value);
                }
            });

        /// <summary>The same data seen through the given slots only (the others are encoded elsewhere).</summary>
        public EncodingContext Restrict(int[] slots, string optionName) => new EncodingContext(Features, Scaling, SlotNames, optionName, slots);
    }
}
