using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SupplierAssessment.TestSupport;

/// <summary>
/// A loopback TCP forwarder for fault tests (issue 13): it listens on a free 127.0.0.1 port (<see cref="Port"/>) and
/// forwards each connection to <c>targetHost:targetPort</c>, bytes both ways, until either side closes. <see cref="Cut"/>
/// makes the endpoint behind it look down: every open connection is reset, and new connections are accepted and reset
/// at once, so clients see "connection reset" as when the service is gone. <see cref="Restore"/> forwards again. The
/// proxy stops (listener closed, connections reset) when disposed.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient Target)> _open = new();
    private readonly Task _accepting;
    private int _nextId;
    private volatile bool _cut;

    /// <summary>Starts forwarding 127.0.0.1:<see cref="Port"/> (a free port) to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>A proxy in front of the port of an <c>http://host:port/…</c> endpoint, e.g. Azurite's queue endpoint.</summary>
    public static TcpProxy For(Uri endpoint) => new(endpoint.Host, endpoint.Port);

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Whether the endpoint is cut (<see cref="Cut"/>) right now.</summary>
    public bool IsCut => _cut;

    /// <summary>Connections accepted so far, forwarded or reset (to check that clients did come through the proxy).</summary>
    public int Accepted => Volatile.Read(ref _nextId);

    /// <summary>The endpoint goes down: every open connection is reset, new ones are reset as soon as accepted.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var id in _open.Keys)
        {
            if (_open.TryRemove(id, out var pair))
            {
                Reset(pair.Client);
                Reset(pair.Target);
            }
        }
    }

    /// <summary>The endpoint is back: new connections are forwarded again.</summary>
    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var id = Interlocked.Increment(ref _nextId);
            if (_cut)
            {
                Reset(client);
                continue;
            }
            _ = Task.Run(() => ForwardAsync(id, client));
        }
    }

    private async Task ForwardAsync(int id, TcpClient client)
    {
        var target = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await target.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Reset(client); // the target itself is down: so is the proxy
            target.Dispose();
            return;
        }
        _open[id] = (client, target);
        if (_cut) // cut while connecting
        {
            Cut();
            return;
        }
        try
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            // Each direction ends on its own (half-close passed on); one that breaks ends the other too.
            await Task.WhenAll(PumpAsync(client, target, done), PumpAsync(target, client, done));
        }
        finally
        {
            if (_open.TryRemove(id, out _))
            {
                client.Dispose();
                target.Dispose();
            }
        }
    }

    /// <summary>Copies one direction until its source ends, then half-closes the other side, as TCP would; on an error, cancels <paramref name="done"/>.</summary>
    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationTokenSource done)
    {
        var cancellationToken = done.Token;
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var sink = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            to.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // the other direction, a cut or the proxy's end closed the connection: end the other direction too
            try
            {
                await done.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Closes with RST (linger 0), not FIN: the peer sees "connection reset by peer".</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Client.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        client.Dispose();
    }
}
