using Azure.Core;
using Azure.Core.Pipeline;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// An Azure SDK pipeline policy that counts storage requests: <see cref="Calls"/> all of them in this process, and a
/// <see cref="Scope"/> those made in one async flow (one function invocation). It sits at the per-call position, so
/// one call counts once, however often the SDK retries it.
/// </summary>
public sealed class StorageCallCounter : HttpPipelineSynchronousPolicy
{
    // The SDK runs a synchronous policy in its caller's async flow, so the scope set by the caller is the one seen here.
    private readonly AsyncLocal<Scope?> _current = new();
    private long _calls;

    /// <summary>Storage calls made in this process since it started, by anyone.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>
    /// Starts counting the calls made from here on in this async flow and the work it starts (awaited calls, tasks run
    /// from it); disposing the scope ends it. Scopes nest: a call counts in every scope around it.
    /// </summary>
    public Scope BeginScope()
    {
        var scope = new Scope(this, _current.Value);
        _current.Value = scope;
        return scope;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _calls);
        for (var scope = _current.Value; scope is not null; scope = scope.Outer)
        {
            scope.Add();
        }
    }

    /// <summary>The storage calls of one async flow, from <see cref="BeginScope"/> until disposed.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly StorageCallCounter _counter;
        private long _calls;

        internal Scope(StorageCallCounter counter, Scope? outer)
        {
            _counter = counter;
            Outer = outer;
        }

        internal Scope? Outer { get; }

        /// <summary>Storage calls made in this scope so far.</summary>
        public long Calls => Interlocked.Read(ref _calls);

        internal void Add() => Interlocked.Increment(ref _calls);

        /// <summary>Ends the scope: calls made afterwards in this flow count in the scope around it, if any.</summary>
        public void Dispose() => _counter._current.Value = Outer;
    }
}
