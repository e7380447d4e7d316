using Microsoft.VisualStudio.TestTools.UnitTesting;

// TorchSharp's random generator is process-wide; tests that train run one at a time.
[assembly: DoNotParallelize]
