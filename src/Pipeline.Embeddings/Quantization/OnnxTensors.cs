using System.Buffers.Binary;
using Onnx;

namespace Pipeline.Embeddings.Quantization;

internal static class OnnxTensors
{
    /// <summary>The values of an fp32 initializer, whether the exporter wrote them as raw little-endian bytes or as float_data.</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new ArgumentException($"Initializer '{tensor.Name}' is not fp32 (data type {tensor.DataType}).", nameof(tensor));
        }
        if (tensor.FloatData.Count > 0)
        {
            return tensor.FloatData.ToArray();
        }
        var raw = tensor.RawData.Span;
        var values = new float[raw.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        }
        return values;
    }

    public static bool IsFloatMatrix(TensorProto tensor) =>
        tensor.DataType == (int)TensorProto.Types.DataType.Float && tensor.Dims.Count == 2;
}
