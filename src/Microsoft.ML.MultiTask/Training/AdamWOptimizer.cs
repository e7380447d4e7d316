using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// AdamW (Loshchilov &amp; Hutter; decoupled weight decay), the update of <c>torch.optim.AdamW</c> with
    /// its default betas and epsilon. Written here because TorchSharp 0.107's optimizer builds its scalars
    /// implicitly and leaves them to the finalizer, which under GC pressure can free one while native code
    /// still reads it ("Unknown scalar type", dotnet/TorchSharp 1434). Every scalar here is created
    /// explicitly and kept alive until the operation that uses it has returned.
    /// </summary>
    internal sealed class AdamWOptimizer : IDisposable
    {
        private const double Beta1 = 0.9;
        private const double Beta2 = 0.999;
        private const double Epsilon = 1e-8;

        private readonly IReadOnlyList<Tensor> _parameters;
        private readonly Tensor[] _firstMoments;
        private readonly Tensor[] _secondMoments;
        private readonly double _learningRate;
        private readonly double _weightDecay;
        private long _step;

        public AdamWOptimizer(IEnumerable<Tensor> parameters, double learningRate, double weightDecay)
        {
            _parameters = parameters.ToArray();
            _learningRate = learningRate;
            _weightDecay = weightDecay;
            using (no_grad())
            {
                _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
                _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
            }
        }

        public double LearningRate => _learningRate;

        /// <summary>Steps taken so far (the bias corrections depend on it).</summary>
        public long StepCount => _step;

        /// <summary>The first-moment estimates, one per parameter (for checkpoints).</summary>
        public IReadOnlyList<Tensor> FirstMoments => _firstMoments;

        /// <summary>The second-moment estimates, one per parameter (for checkpoints).</summary>
        public IReadOnlyList<Tensor> SecondMoments => _secondMoments;

        /// <summary>Continues from a checkpoint: the step count, and the moments already copied into <see cref="FirstMoments"/> and <see cref="SecondMoments"/>.</summary>
        public void ResumeAt(long stepCount) => _step = stepCount;

        public void ZeroGrad()
        {
            foreach (var parameter in _parameters)
            {
                using var grad = parameter.grad;
                grad?.zero_();
            }
        }

        public void Step()
        {
            _step++;
            double correction1 = 1 - Math.Pow(Beta1, _step);
            double correction2 = 1 - Math.Pow(Beta2, _step);
            // Scalars are created outside the dispose scope below and disposed once, here: TorchSharp's scopes
            // also track scalars, and one disposed by both would be freed twice.
            using var decay = (1 - (_learningRate * _weightDecay)).ToScalar();
            using var beta1 = Beta1.ToScalar();
            using var oneMinusBeta1 = (1 - Beta1).ToScalar();
            using var beta2 = Beta2.ToScalar();
            using var oneMinusBeta2 = (1 - Beta2).ToScalar();
            using var rootCorrection2 = Math.Sqrt(correction2).ToScalar();
            using var epsilon = Epsilon.ToScalar();
            using var stepSize = (-_learningRate / correction1).ToScalar();
            using (NewDisposeScope())
            using (no_grad())
            {
                for (int i = 0; i < _parameters.Count; i++)
                {
                    var grad = _parameters[i].grad;
                    if (grad is null)
                    {
                        continue;
                    }
                    _parameters[i].mul_(decay);
                    _firstMoments[i].mul_(beta1).add_(grad, oneMinusBeta1);
                    _secondMoments[i].mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
                    var denominator = _secondMoments[i].sqrt().div_(rootCorrection2).add_(epsilon);
                    _parameters[i].addcdiv_(_firstMoments[i], denominator, stepSize);
                }
            }
        }

        public void Dispose()
        {
            foreach (var moment in _firstMoments.Concat(_secondMoments))
            {
                moment.Dispose();
            }
        }
    }
}
