using System.Collections;

namespace UnIT.Collections;

/// <summary>
/// An immutable array with value equality, so records that hold one compare by content. Incremental source
/// generator models must be equatable for caching to work; this is the same idea as dotnet/runtime's
/// <c>ImmutableEquatableArray</c>, written here because netstandard2.0 has nothing like it.
/// </summary>
public sealed class ImmutableEquatableArray<T> : IEquatable<ImmutableEquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[] _items;

    /// <summary>The empty array.</summary>
    public static ImmutableEquatableArray<T> Empty { get; } = new(Array.Empty<T>());

    /// <summary>Copies <paramref name="items"/>.</summary>
    public ImmutableEquatableArray(IEnumerable<T> items) => _items = items.ToArray();

    private ImmutableEquatableArray(T[] items) => _items = items;

    /// <inheritdoc/>
    public T this[int index] => _items[index];

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <summary>A read-only view of the items.</summary>
    public ReadOnlySpan<T> AsSpan() => _items;

    /// <inheritdoc/>
    public bool Equals(ImmutableEquatableArray<T>? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._items.Length != _items.Length)
        {
            return false;
        }

        for (var i = 0; i < _items.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(_items[i], other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ImmutableEquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var item in _items)
        {
            hash = unchecked((hash * 31) + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item)));
        }

        return hash;
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>Compares by content.</summary>
    public static bool operator ==(ImmutableEquatableArray<T>? left, ImmutableEquatableArray<T>? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Compares by content.</summary>
    public static bool operator !=(ImmutableEquatableArray<T>? left, ImmutableEquatableArray<T>? right) => !(left == right);
}

/// <summary>Factory helpers for <see cref="ImmutableEquatableArray{T}"/>.</summary>
public static class ImmutableEquatableArray
{
    /// <summary>Copies a sequence into an equatable array.</summary>
    public static ImmutableEquatableArray<T> ToImmutableEquatableArray<T>(this IEnumerable<T> items)
        where T : IEquatable<T> => new(items);

    /// <summary>Creates an equatable array from items.</summary>
    public static ImmutableEquatableArray<T> Create<T>(params T[] items)
        where T : IEquatable<T> => new(items);
}
