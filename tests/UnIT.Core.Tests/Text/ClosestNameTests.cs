using UnIT.Text;
using Xunit;

namespace UnIT.Core.Tests.Text;

public sealed class ClosestNameTests
{
    [Theory]
    [InlineData("h1_mpl.npz", "h1_mlp.npz")]      // two neighbours swapped: one edit
    [InlineData("LENET.NPZ", "lenet.npz")]        // case only
    [InlineData("lenet.npy", "lenet.npz")]        // one letter replaced
    [InlineData("conv1.wieght", "conv1.weight")]
    [InlineData("fc.bias", "fc1.bias")]           // one letter missing
    public void A_typo_finds_the_name_meant(string written, string meant) =>
        Assert.Equal(meant, ClosestName.Find(written, ["other.npz", meant, "conv2.weight"]));

    [Theory]
    [InlineData("model.npz")]                     // a different name, not a typo
    [InlineData("fc3.bias")]                      // another number: another layer, not a typo of fc1 or fc2
    [InlineData("fc.bias")]                       // equally close to fc1.bias and fc2.bias: no guess
    public void No_guess_when_nothing_is_close_or_two_are_equally_close(string written) =>
        Assert.Null(ClosestName.Find(written, ["lenet.npz", "fc1.bias", "fc2.bias"]));

    [Fact]
    public void No_candidates_no_guess() => Assert.Null(ClosestName.Find("lenet.npz", []));
}
