namespace UnIT.Core.Tests.Onnx;

/// <summary>The ONNX models make_onnx_fixtures.py exported with PyTorch (tests/fixtures/onnx).</summary>
internal static class OnnxFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));
}
