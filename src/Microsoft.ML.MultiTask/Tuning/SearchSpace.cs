using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// The knobs a tuning run searches (see <see cref="MultiTaskCatalog.Tune"/>): a list of <see cref="SearchDimension"/>s,
    /// each setting one or more options of a trial's <see cref="MultiTaskTrainer.Options"/>, applied in order on a copy of the
    /// base options. <see cref="Default"/> needs no configuration.
    /// </summary>
    public sealed class SearchSpace : IEnumerable<SearchDimension>
    {
        private readonly List<SearchDimension> _dimensions = new();

        /// <summary>The number of dimensions.</summary>
        public int Count => _dimensions.Count;

        /// <summary>
        /// The space searched when none is given: the architecture (hard sharing, MMoE, PLE, with their default sizes), the
        /// learning rate (0.0003 to 0.003, log), dropout (0 to 0.3), weight decay (0.00001 to 0.01, log) and the batch size
        /// (64, 128 or 256).
        /// </summary>
        public static SearchSpace Default() => new SearchSpace
        {
            SearchDimension.Choice<MultiTaskArchitecture>("Architecture", new MultiTaskArchitecture[] { new HardSharing(), new MixtureOfExperts(), new ProgressiveLayeredExtraction() }, (o, a) => o.Architecture = a),
            SearchDimension.Range("LearningRate", 3e-4, 3e-3, logScale: true, (o, v) => o.LearningRate = v),
            SearchDimension.Range("Dropout", 0, 0.3, logScale: false, (o, v) => o.Dropout = v),
            SearchDimension.Range("WeightDecay", 1e-5, 1e-2, logScale: true, (o, v) => o.WeightDecay = v),
            SearchDimension.Choice("BatchSize", new[] { 64, 128, 256 }, (o, v) => o.BatchSize = v),
        };

        /// <summary>Adds a dimension; names must be unique.</summary>
        public void Add(SearchDimension dimension)
        {
            if (dimension == null)
            {
                throw new ArgumentNullException(nameof(dimension));
            }
            if (_dimensions.Any(d => d.Name == dimension.Name))
            {
                throw new ArgumentException($"The search space already has a dimension named '{dimension.Name}'.", nameof(dimension));
            }
            _dimensions.Add(dimension);
        }

        /// <inheritdoc/>
        public IEnumerator<SearchDimension> GetEnumerator() => _dimensions.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>The dimensions, one per line.</summary>
        public override string ToString() => string.Join(Environment.NewLine, _dimensions.Select(d => d.Description));

        internal SearchDimension this[int index] => _dimensions[index];
    }
}
