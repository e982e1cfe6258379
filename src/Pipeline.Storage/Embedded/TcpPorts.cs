using System.Net;
using System.Net.Sockets;

namespace Pipeline.Storage.Embedded;

/// <summary>Loopback port checks. The cluster only ever listens on 127.0.0.1.</summary>
internal static class TcpPorts
{
    /// <summary>Lets the kernel choose; racy by nature, so a start that then fails on the port retries with a new one.</summary>
    public static int AllocateFree()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>
    /// True when PostgreSQL could bind the port. SO_REUSEADDR mirrors what the server sets, so sockets of our
    /// own earlier connections lingering in TIME_WAIT do not push the cluster onto a new port.
    /// </summary>
    public static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static async Task<bool> AnswersAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
