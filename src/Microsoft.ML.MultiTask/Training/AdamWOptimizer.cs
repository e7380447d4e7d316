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
        private readonly double _weightDecay;
        private readonly int _decayedCount;
        private readonly bool[] _slow;
        private readonly double _slowFactor;
        private long _step;

        /// <param name="parameters">The parameters to optimize; the first <paramref name="decayedCount"/> get weight decay (the network's), the rest none (an extension's).</param>
        /// <param name="decayedCount">How many of the parameters, from the first, get weight decay.</param>
        /// <param name="learningRate">The initial learning rate.</param>
        /// <param name="weightDecay">The decoupled weight decay.</param>
        /// <param name="slow">Parameters that step at <paramref name="slowFactor"/> times the rate (weights copied from an initial model).</param>
        /// <param name="slowFactor">Their share of the rate, in (0, 1].</param>
        public AdamWOptimizer(IEnumerable<Tensor> parameters, int decayedCount, double learningRate, double weightDecay, IReadOnlyCollection<Tensor>? slow = null, double slowFactor = 1)
        {
            _parameters = parameters.ToArray();
            var slowSet = slow == null || slowFactor == 1 ? null : new HashSet<Tensor>(slow, ReferenceEqualityComparer.Instance);
            _slow = _parameters.Select(p => slowSet != null && slowSet.Contains(p)).ToArray();
            _slowFactor = slowFactor;
            _decayedCount = decayedCount;
            LearningRate = learningRate;
            _weightDecay = weightDecay;
            using (no_grad())
            {
                _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
                _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
            }
        }

        /// <summary>The rate of the next step; a schedule may change it before every step without touching the moments.</summary>
        public double LearningRate { get; set; }

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

        /// <summary>
        /// One AdamW update of every parameter with a gradient, except those in <paramref name="frozen"/>, which keep their
        /// values and moments exactly (a zero gradient would still decay them and move them by their momentum).
        /// </summary>
        public void Step(IReadOnlyCollection<Tensor> frozen)
        {
            var skip = Frozen(frozen);
            _step++;
            double correction1 = 1 - Math.Pow(Beta1, _step);
            double correction2 = 1 - Math.Pow(Beta2, _step);
            // Scalars are created outside the dispose scope below and disposed once, here: TorchSharp's scopes
            // also track scalars, and one disposed by both would be freed twice.
            using var decay = (1 - (LearningRate * _weightDecay)).ToScalar();
            using var beta1 = Beta1.ToScalar();
            using var oneMinusBeta1 = (1 - Beta1).ToScalar();
            using var beta2 = Beta2.ToScalar();
            using var oneMinusBeta2 = (1 - Beta2).ToScalar();
            using var rootCorrection2 = Math.Sqrt(correction2).ToScalar();
            using var epsilon = Epsilon.ToScalar();
            using var stepSize = (-LearningRate / correction1).ToScalar();
            // Two more scalars per step only when some parameters step slower (copied initial weights).
            bool anySlow = _slowFactor != 1;
            using var slowDecay = anySlow ? (1 - (LearningRate * _slowFactor * _weightDecay)).ToScalar() : null;
            using var slowStepSize = anySlow ? (-LearningRate * _slowFactor / correction1).ToScalar() : null;
            using (NewDisposeScope())
            using (no_grad())
            {
                for (int i = 0; i < _parameters.Count; i++)
                {
                    var grad = _parameters[i].grad;
                    if (grad is null || (skip != null && skip.Contains(_parameters[i])))
                    {
                        continue;
                    }
                    if (i < _decayedCount)
                    {
                        _parameters[i].mul_(_slow[i] ? slowDecay! : decay);
                    }
                    _firstMoments[i].mul_(beta1).add_(grad, oneMinusBeta1);
                    _secondMoments[i].mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
                    var denominator = _secondMoments[i].sqrt().div_(rootCorrection2).add_(epsilon);
                    _parameters[i].addcdiv_(_firstMoments[i], denominator, _slow[i] ? slowStepSize! : stepSize);
                }
            }
        }

        /// <summary>
        /// Scales all gradients so their joint L2 norm is at most <paramref name="maxNorm"/> (as torch's clip_grad_norm_);
        /// frozen parameters' gradients are left out. Returns the norm before clipping.
        /// </summary>
        public double ClipGradientNorm(double maxNorm, IReadOnlyCollection<Tensor> frozen)
        {
            using var scope = NewDisposeScope();
            var skip = Frozen(frozen);
            var grads = _parameters.Where(p => skip == null || !skip.Contains(p)).Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToArray();
            if (grads.Length == 0)
            {
                return 0;
            }
            double norm;
            using (no_grad())
            {
                norm = stack(grads.Select(g => g.norm()).ToArray()).norm().item<float>();
                if (norm > maxNorm)
                {
                    using var factor = (maxNorm / (norm + 1e-6)).ToScalar();
                    foreach (var grad in grads)
                    {
                        grad.mul_(factor);
                    }
                }
            }
            return norm;
        }

        /// <summary>By reference: Tensor's own equality compares values.</summary>
        private static HashSet<Tensor>? Frozen(IReadOnlyCollection<Tensor> frozen)
            => frozen.Count == 0 ? null : new HashSet<Tensor>(frozen, ReferenceEqualityComparer.Instance);

        public void Dispose()
        {
            foreach (var moment in _firstMoments.Concat(_secondMoments))
            {
                moment.Dispose();
            }
        }
    }
}
