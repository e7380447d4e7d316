using System;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>Chooses the TorchSharp device the way Microsoft.ML.TorchSharp does: the option, else MLContext.GpuDeviceId.</summary>
    internal static class DeviceSelector
    {
        private static readonly Regex Pattern = new Regex("^(cpu|cuda(:[0-9]+)?)$", RegexOptions.CultureInvariant);

        /// <summary>Throws when <paramref name="device"/> is not null, "cpu", "cuda" or "cuda:N".</summary>
        public static void Validate(string? device)
        {
            if (device != null && !Pattern.IsMatch(device))
            {
                throw new ArgumentOutOfRangeException(nameof(MultiTaskTrainer.Options.Device), device,
                    $"{nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.Device)} must be \"cpu\", \"cuda\" or \"cuda:N\" (or null to follow MLContext.GpuDeviceId); got \"{device}\".");
            }
        }

        public static Device Resolve(string? requested, int? gpuDeviceId, bool fallbackToCpu, Action<string> warn)
        {
            string name = requested ?? (gpuDeviceId.HasValue ? $"cuda:{gpuDeviceId.Value}" : "cpu");
            if (name == "cpu")
            {
                return CPU;
            }
            if (cuda.is_available())
            {
                return new Device(name);
            }
            if (fallbackToCpu)
            {
                warn($"Device '{name}' was asked for but TorchSharp finds no CUDA backend; training on the CPU because MLContext.FallbackToCpu is true.");
                return CPU;
            }
            throw new InvalidOperationException(
                $"Device '{name}' was asked for but TorchSharp finds no CUDA backend. Reference a CUDA backend package (TorchSharp-cuda-linux or TorchSharp-cuda-windows), train on \"cpu\", or set MLContext.FallbackToCpu = true.");
        }
    }
}
