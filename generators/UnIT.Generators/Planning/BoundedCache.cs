namespace UnIT.Generators.Planning;

/// <summary>
/// A small thread-safe memo with a capacity: when full, the oldest entry goes. Generators live as long as the
/// compiler server, so an unbounded cache would grow with every edit of a weight file.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly Dictionary<TKey, TValue> _entries = [];
    private readonly Queue<TKey> _order = new();
    private readonly object _gate = new();

    public BoundedCache(int capacity) => _capacity = capacity;

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                return existing;
            }
        }

        var value = factory(key);
        lock (_gate)
        {
            if (!_entries.ContainsKey(key))
            {
                _entries[key] = value;
                _order.Enqueue(key);
                while (_order.Count > _capacity)
                {
                    _entries.Remove(_order.Dequeue());
                }
            }

            return value;
        }
    }
}
