using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Onnx;
using Microsoft.ML.MultiTask.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Ensembles
{
    /// <summary>
    /// k ensemble members in one network, in the manner of TabM-mini (Gorishniy et al., ICLR 2025) with BatchEnsemble
    /// output adapters (Wen et al., ICLR 2020): every member sees the encoded features times its own vector r (random
    /// ±1 signs at the start), runs the shared trunk and heads, and scales and shifts each task's outputs by its own s and b
    /// (1 and 0 at the start). The k copies of a batch run as one [k·B] batch; training averages the k members' losses,
    /// scoring averages their probabilities (<see cref="MemberAverage"/>).
    /// </summary>
    internal sealed class EnsembleAdapters : nn.Module
    {
        private readonly Parameter inputScale;
        private readonly ParameterList outputScales;
        private readonly ParameterList outputShifts;
        private readonly IReadOnlyList<MemberAverage> _averages;
        private readonly int _inputSize;
        private readonly IReadOnlyList<int> _outputSizes;

        /// <param name="members">k ≥ 2.</param>
        /// <param name="inputSize">Width of the encoded features.</param>
        /// <param name="outputSizes">Per task, its output width.</param>
        /// <param name="averages">Per task, how its members' outputs are combined.</param>
        public EnsembleAdapters(int members, int inputSize, IReadOnlyList<int> outputSizes, IReadOnlyList<MemberAverage> averages)
            : base(nameof(EnsembleAdapters))
        {
            Members = members;
            _averages = averages;
            _inputSize = inputSize;
            _outputSizes = outputSizes;
            using var two = 2.ToScalar();
            using var one = 1.ToScalar();
            inputScale = nn.Parameter(randint(0, 2, new long[] { members, inputSize }).to(float32).mul_(two).sub_(one));
            outputScales = nn.ParameterList(outputSizes.Select(size => nn.Parameter(ones(members, 1, size))).ToArray());
            outputShifts = nn.ParameterList(outputSizes.Select(size => nn.Parameter(zeros(members, 1, size))).ToArray());
            RegisterComponents();
        }

        public int Members { get; }

        /// <summary>The members' input vectors r (shared by all tasks).</summary>
        public IEnumerable<Tensor> InputParameters => new Tensor[] { inputScale };

        /// <summary>The adapters of task <paramref name="task"/>'s outputs.</summary>
        public IEnumerable<Tensor> TaskParameters(int task) => new Tensor[] { outputScales[task], outputShifts[task] };

        /// <summary>[B, F] → [k·B, F]: member i's rows are the batch times r_i.</summary>
        public Tensor Expand(Tensor features)
            => features.unsqueeze(0).mul(inputScale.unsqueeze(1)).reshape(-1, features.shape[1]);

        /// <summary>
        /// A task's [k·B, C] member outputs after its adapters: in training [k·B, C] (each member's rows, so the loss of the
        /// repeated labels is the sum of the members' losses), in evaluation the combined [B, C].
        /// </summary>
        public Tensor Output(int task, Tensor outputs)
        {
            var members = outputs.reshape(Members, -1, outputs.shape[1]).mul(outputScales[task]).add(outputShifts[task]);
            return training ? members.reshape(-1, outputs.shape[1]) : _averages[task].Combine(members);
        }

        /// <summary>The same as <see cref="Expand"/> in ONNX.</summary>
        public string AppendExpand(OnnxGraphBuilder graph, string features)
        {
            string rows = graph.Apply("Unsqueeze", "member_rows", features, graph.AddInt64s("axis", new[] { 0L }, 1));
            string scaled = graph.Apply("Mul", "member_input", rows, graph.AddFloats("member_scale", TensorValues.Of(inputScale), Members, 1, _inputSize));
            return graph.Apply("Reshape", "member_batch", scaled, graph.AddInt64s("shape", new[] { -1L, _inputSize }, 2));
        }

        /// <summary>The evaluation path of <see cref="Output"/> in ONNX.</summary>
        public string AppendOutput(OnnxGraphBuilder graph, int task, string outputs)
        {
            int width = _outputSizes[task];
            string members = graph.Apply("Reshape", "members", outputs, graph.AddInt64s("shape", new[] { (long)Members, -1L, width }, 3));
            string scaled = graph.Apply("Mul", "member_scaled", members, graph.AddFloats("member_output_scale", TensorValues.Of(outputScales[task]), Members, 1, width));
            string shifted = graph.Apply("Add", "member_shifted", scaled, graph.AddFloats("member_output_shift", TensorValues.Of(outputShifts[task]), Members, 1, width));
            return _averages[task].AppendOnnx(graph, shifted);
        }
    }
}
