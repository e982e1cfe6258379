using Google.Protobuf;
using Onnx;

namespace Pipeline.Embeddings.Quantization;

/// <summary>
/// A constant [K, N] fp32 MatMul weight as int8 with one symmetric scale per output column (zero point 0).
/// One scale per tensor was measured at cosine 0.828 to fp32 (notes/int8-probe.md): a few large columns set the
/// step for all the others. Symmetric keeps the zero point at 0, which the VNNI kernels handle fastest.
/// </summary>
internal sealed record PerChannelWeights(byte[] Values, float[] Scales, int Rows, int Columns)
{
    private const float Limit = 127f;

    public static PerChannelWeights Quantize(ReadOnlySpan<float> weights, int rows, int columns)
    {
        if (weights.Length != rows * columns)
        {
            throw new ArgumentException($"A [{rows}, {columns}] weight needs {rows * columns} values, not {weights.Length}.", nameof(weights));
        }
        var scales = new float[columns];
        for (var k = 0; k < rows; k++)
        {
            for (var n = 0; n < columns; n++)
            {
                scales[n] = MathF.Max(scales[n], MathF.Abs(weights[k * columns + n]));
            }
        }
        for (var n = 0; n < columns; n++)
        {
            // An all-zero column still needs a positive scale; its values quantise to 0 either way.
            scales[n] = scales[n] > 0 ? scales[n] / Limit : 1f;
        }

        var values = new byte[rows * columns];
        for (var k = 0; k < rows; k++)
        {
            for (var n = 0; n < columns; n++)
            {
                // MathF.Round rounds half to even: the same on every machine, hence the same bytes every build.
                var q = MathF.Round(weights[k * columns + n] / scales[n]);
                values[k * columns + n] = unchecked((byte)(sbyte)Math.Clamp(q, -Limit, Limit));
            }
        }
        return new PerChannelWeights(values, scales, rows, columns);
    }

    public TensorProto ValuesTensor(string name) => new()
    {
        Name = name,
        DataType = (int)TensorProto.Types.DataType.Int8,
        Dims = { Rows, Columns },
        RawData = ByteString.CopyFrom(Values),
    };

    public TensorProto ScalesTensor(string name)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { Columns } };
        tensor.FloatData.AddRange(Scales);
        return tensor;
    }

    public TensorProto ZeroPointsTensor(string name) => new()
    {
        Name = name,
        DataType = (int)TensorProto.Types.DataType.Int8,
        Dims = { Columns },
        RawData = ByteString.CopyFrom(new byte[Columns]),
    };
}
