using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Training;
using TorchSharp;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>
    /// Runs the trained TorchSharp network, as Fit leaves it, on given feature rows (scaled as training scaled them), so
    /// tests can compare its logits with what the exported ONNX graph scores.
    /// </summary>
    internal sealed class ForwardPassRecorder : TrainingObserver
    {
        private readonly float[][] _features;

        public ForwardPassRecorder(float[][] features)
        {
            _features = features;
        }

        /// <summary>Per task, the logits of every row, row-major.</summary>
        public float[][] Logits { get; private set; } = System.Array.Empty<float[]>();

        public override void OnTrainingEnd(IMultiTaskNetwork network, MultiTaskDataSet training)
        {
            var scaling = training.Scaling;
            var input = _features.SelectMany(row => row.Select((x, slot) => scaling == null ? x : (x - scaling.Offset[slot]) * scaling.Scale[slot])).ToArray();
            using var scope = torch.NewDisposeScope();
            using (torch.no_grad())
            {
                var x = torch.tensor(input, new long[] { _features.Length, _features[0].Length });
                Logits = network.Forward(x).Select(t =>
                {
                    using var values = t.cpu().data<float>();
                    return values.ToArray();
                }).ToArray();
            }
        }
    }
}
