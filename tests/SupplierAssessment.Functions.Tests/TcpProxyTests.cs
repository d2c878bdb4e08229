using System.Net;
using System.Net.Sockets;
using System.Text;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>The fault tests' <see cref="TcpProxy"/> against a loopback echo server: forwards, cuts, restores.</summary>
public sealed class TcpProxyTests
{
    [Fact]
    public async Task The_proxy_forwards_both_ways_resets_every_connection_while_cut_and_forwards_again_once_restored()
    {
        var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var serving = ServeEchoAsync(echo, stop.Token);
        await using var proxy = new TcpProxy("127.0.0.1", ((IPEndPoint)echo.LocalEndpoint).Port);

        using var before = await ConnectAsync(proxy.Port);
        Assert.Equal("hello", await EchoAsync(before, "hello"));

        proxy.Cut();
        Assert.True(proxy.IsCut);
        Assert.False(await AnswersAsync(before, "still there?")); // the open connection was reset
        Assert.False(await ConnectsAndAnswersAsync(proxy.Port, "anyone?")); // accepted and reset at once

        proxy.Restore();
        using var after = await ConnectAsync(proxy.Port);
        Assert.Equal("back", await EchoAsync(after, "back"));
        Assert.Equal(3, proxy.Accepted);

        await stop.CancelAsync();
        echo.Stop();
        await serving;
    }

    private static async Task<TcpClient> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        return client;
    }

    /// <summary>Whether a new connection gets an answer: false when the connect or the exchange is reset.</summary>
    private static async Task<bool> ConnectsAndAnswersAsync(int port, string text)
    {
        try
        {
            using var client = await ConnectAsync(port);
            return await AnswersAsync(client, text);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<string> EchoAsync(TcpClient client, string text)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        var buffer = new byte[text.Length];
        var read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
            Assert.NotEqual(0, n);
            read += n;
        }
        return Encoding.UTF8.GetString(buffer);
    }

    /// <summary>Whether anything comes back: false when the connection is closed or reset.</summary>
    private static async Task<bool> AnswersAsync(TcpClient client, string text)
    {
        try
        {
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await stream.ReadAsync(new byte[64], timeout.Token) > 0;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return false;
        }
    }

    private static async Task ServeEchoAsync(TcpListener listener, CancellationToken stopping)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stopping);
                connections.Add(Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            var stream = client.GetStream();
                            var buffer = new byte[1024];
                            int n;
                            while ((n = await stream.ReadAsync(buffer, stopping)) > 0)
                            {
                                await stream.WriteAsync(buffer.AsMemory(0, n), stopping);
                            }
                        }
                        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                        {
                        }
                    }
                }, CancellationToken.None));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        await Task.WhenAll(connections);
    }
}
