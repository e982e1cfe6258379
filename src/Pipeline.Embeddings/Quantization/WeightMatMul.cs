using Onnx;

namespace Pipeline.Embeddings.Quantization;

/// <summary>
/// A MatMul of an activation by a constant [K, N] fp32 weight, and the Add of a constant [N] bias that follows it when
/// the export has one (every projection of a BERT layer does): the unit the quantizer rewrites.
/// </summary>
internal sealed record WeightMatMul(NodeProto MatMul, TensorProto Weight, NodeProto? BiasAdd, TensorProto? Bias)
{
    public string Activation => MatMul.Input[0];

    /// <summary>The value the rewrite must produce: the Add's output when the bias is folded in, else the MatMul's.</summary>
    public string Output => BiasAdd?.Output[0] ?? MatMul.Output[0];

    public int Rows => checked((int)Weight.Dims[0]);

    public int Columns => checked((int)Weight.Dims[1]);

    /// <summary>Every constant-weight MatMul of the graph, in graph order.</summary>
    public static List<WeightMatMul> FindAll(GraphProto graph, IReadOnlyDictionary<string, TensorProto> initializers)
    {
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var input in node.Input)
            {
                if (!consumers.TryGetValue(input, out var list))
                {
                    consumers[input] = list = [];
                }
                list.Add(node);
            }
        }
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);

        var found = new List<WeightMatMul>();
        foreach (var node in graph.Node)
        {
            if (node.OpType != "MatMul" || node.Domain is not ("" or "ai.onnx") || node.Input.Count != 2
                || initializers.ContainsKey(node.Input[0])
                || !initializers.TryGetValue(node.Input[1], out var weight) || !OnnxTensors.IsFloatMatrix(weight))
            {
                continue;
            }
            var (add, bias) = FindBias(node, weight, consumers, initializers, graphOutputs);
            found.Add(new WeightMatMul(node, weight, add, bias));
        }
        return found;
    }

    private static (NodeProto?, TensorProto?) FindBias(
        NodeProto matMul, TensorProto weight, Dictionary<string, List<NodeProto>> consumers,
        IReadOnlyDictionary<string, TensorProto> initializers, HashSet<string> graphOutputs)
    {
        var output = matMul.Output[0];
        if (graphOutputs.Contains(output) || !consumers.TryGetValue(output, out var users) || users.Count != 1)
        {
            return (null, null);
        }
        var add = users[0];
        if (add.OpType != "Add" || add.Domain is not ("" or "ai.onnx") || add.Input.Count != 2)
        {
            return (null, null);
        }
        var other = add.Input[0] == output ? add.Input[1] : add.Input[0];
        return initializers.TryGetValue(other, out var bias)
            && bias.DataType == (int)TensorProto.Types.DataType.Float
            && bias.Dims.Count == 1 && bias.Dims[0] == weight.Dims[1]
                ? (add, bias)
                : (null, null);
    }
}
