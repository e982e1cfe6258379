using Google.Protobuf;
using Onnx;

namespace Pipeline.Embeddings.Quantization;

/// <summary>
/// Builds the int8 variant of an fp32 ONNX encoder: every MatMul whose weight is a constant [K, N] matrix becomes a
/// <c>DynamicQuantizeMatMul</c> (com.microsoft: activations quantised to uint8 per call, then an integer GEMM over
/// per-channel int8 weights, bias added in the same kernel); the fp32 weights are dropped. This is ONNX Runtime's
/// Python <c>quantize_dynamic(per_channel=True)</c>, written here because PyPI is not reachable from this workplace.
/// </summary>
/// <remarks>
/// Speed: MatMuls that read the same activation (Q, K and V of each layer) are fused into one wider MatMul followed
/// by a Split, so the activation is quantised once and the GEMM is three times wider. Per-channel scales make this
/// exact: each output column keeps its own scale. Deterministic: nodes and initializers are visited in graph order
/// (dictionaries are only looked up, never iterated), rounding is half-to-even, nothing time- or machine-dependent is
/// written, so a build gives the same bytes every time and the cache can check them by hash.
/// </remarks>
public static class Int8Quantizer
{
    /// <summary>Bump when the output changes for the same input, so cached variants are rebuilt.</summary>
    public const int RecipeVersion = 2;

    private const string MicrosoftDomain = "com.microsoft";

    /// <summary>Runs <see cref="Build"/> off the caller's thread: parsing and quantising a 90 MB graph takes seconds.</summary>
    public static Task<byte[]> BuildAsync(byte[] modelBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelBytes);
        return Task.Factory.StartNew(() => Build(modelBytes), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public static byte[] Build(byte[] modelBytes)
    {
        ArgumentNullException.ThrowIfNull(modelBytes);
        var model = ModelProto.Parser.ParseFrom(modelBytes);
        // Split takes its sizes as an input from opset 13 on, as an attribute before (Arctic-xs is exported at 11).
        var opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 0;
        if (opset < 2)
        {
            throw new InvalidOperationException($"The model imports ONNX opset {opset}; the int8 rewrite needs at least 2.");
        }
        if (Quantize(model.Graph, splitSizesAsInput: opset >= 13) == 0)
        {
            throw new InvalidOperationException("The model has no MatMul with a constant 2-D fp32 weight: nothing to quantise.");
        }
        if (!model.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }
        return model.ToByteArray();
    }

    /// <summary>Rewrites the graph in place and returns how many MatMuls it quantised.</summary>
    internal static int Quantize(GraphProto graph, bool splitSizesAsInput = true)
    {
        var initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializer)
        {
            initializers[tensor.Name] = tensor;
        }
        var matMuls = WeightMatMul.FindAll(graph, initializers);
        var byNode = new Dictionary<NodeProto, WeightMatMul>(ReferenceEqualityComparer.Instance);
        var byActivation = new Dictionary<string, List<WeightMatMul>>(StringComparer.Ordinal);
        foreach (var matMul in matMuls)
        {
            byNode[matMul.MatMul] = matMul;
            if (!byActivation.TryGetValue(matMul.Activation, out var group))
            {
                byActivation[matMul.Activation] = group = [];
            }
            group.Add(matMul);
        }

        var replaced = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var nodes = new List<NodeProto>(graph.Node.Count);
        var added = new List<TensorProto>();
        foreach (var node in graph.Node)
        {
            if (replaced.Contains(node))
            {
                continue;
            }
            if (!byNode.TryGetValue(node, out var matMul))
            {
                nodes.Add(node);
                continue;
            }
            // The group is emitted where its first member stood: its activation exists there, and every consumer
            // of the members' outputs comes later in a topologically sorted graph.
            var group = byActivation[matMul.Activation];
            var fuse = group.Count > 1 && group.All(m => m.Bias is not null);
            var members = fuse ? group : [matMul];
            foreach (var member in members)
            {
                replaced.Add(member.MatMul);
                if (member.BiasAdd is { } add)
                {
                    replaced.Add(add);
                }
            }
            Emit(members, nodes, added, splitSizesAsInput);
        }

        var used = nodes.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        var dropped = graph.Initializer.Where(t => !used.Contains(t.Name)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var kept = graph.Initializer.Where(t => !dropped.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        graph.Initializer.AddRange(added);
        var inputs = graph.Input.Where(i => !dropped.Contains(i.Name)).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        return matMuls.Count;
    }

    private static void Emit(IReadOnlyList<WeightMatMul> members, List<NodeProto> nodes, List<TensorProto> added, bool splitSizesAsInput)
    {
        var first = members[0];
        var rows = first.Rows;
        var columns = members.Sum(m => m.Columns);
        var weights = new float[rows * columns];
        var offset = 0;
        foreach (var member in members)
        {
            var values = OnnxTensors.ReadFloats(member.Weight);
            for (var k = 0; k < rows; k++)
            {
                Array.Copy(values, k * member.Columns, weights, k * columns + offset, member.Columns);
            }
            offset += member.Columns;
        }
        var quantized = PerChannelWeights.Quantize(weights, rows, columns);
        var stem = members.Count == 1 ? first.Weight.Name : $"{first.MatMul.Name}_fused{members.Count}";
        var node = new NodeProto
        {
            Name = $"{stem}_int8",
            OpType = "DynamicQuantizeMatMul",
            Domain = MicrosoftDomain,
            Input = { first.Activation, $"{stem}_int8", $"{stem}_scale", $"{stem}_zero_point" },
        };
        added.Add(quantized.ValuesTensor($"{stem}_int8"));
        added.Add(quantized.ScalesTensor($"{stem}_scale"));
        added.Add(quantized.ZeroPointsTensor($"{stem}_zero_point"));
        if (first.Bias is not null)
        {
            var bias = new TensorProto { Name = $"{stem}_bias", DataType = (int)TensorProto.Types.DataType.Float, Dims = { columns } };
            foreach (var member in members)
            {
                bias.FloatData.AddRange(OnnxTensors.ReadFloats(member.Bias!));
            }
            added.Add(bias);
            node.Input.Add(bias.Name);
        }
        nodes.Add(node);

        if (members.Count == 1)
        {
            node.Output.Add(first.Output);
            return;
        }
        node.Output.Add($"{stem}_output");
        var split = new NodeProto
        {
            Name = $"{stem}_split",
            OpType = "Split",
            Input = { node.Output[0] },
            Attribute = { new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = -1 } },
        };
        var columnsEach = members.Select(m => (long)m.Columns);
        if (splitSizesAsInput)
        {
            var sizes = new TensorProto { Name = $"{stem}_split", DataType = (int)TensorProto.Types.DataType.Int64, Dims = { members.Count } };
            sizes.Int64Data.AddRange(columnsEach);
            added.Add(sizes);
            split.Input.Add(sizes.Name);
        }
        else
        {
            split.Attribute.Add(new AttributeProto { Name = "split", Type = AttributeProto.Types.AttributeType.Ints, Ints = { columnsEach } });
        }
        split.Output.AddRange(members.Select(m => m.Output));
        nodes.Add(split);
    }
}
