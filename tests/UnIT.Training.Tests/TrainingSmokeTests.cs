namespace UnIT.Training.Tests;

/// <summary>Short training runs that must clearly learn (far from the real training, which is measured outside tests).</summary>
public class TrainingSmokeTests
{
    [Fact]
    public void The_paper_model_learns_mnist_from_a_few_hundred_digits()
    {
        var mnist = MnistFixture.Mnist;
        var network = TrainableNetwork.Create(TestNetworks.PaperMnist(), seed: 1);
        var before = Evaluator.Evaluate(network, mnist.Test.Take(500));

        var epochs = new Trainer(network, TrainingOptions.Default with { Epochs = 3 }).Train(mnist.Train.Take(600));
        var after = Evaluator.Evaluate(network, mnist.Test.Take(500));

        Assert.InRange(before.AccuracyPercent, 0, 25);
        Assert.True(after.AccuracyPercent > 70, $"accuracy {after.AccuracyPercent:F1} % after 3 epochs on 600 digits");
        Assert.True(epochs[^1].MeanLoss < epochs[0].MeanLoss, "the training loss did not fall");
        Assert.True(after.MeanLoss < before.MeanLoss);
    }

    [Fact]
    public void A_one_dimensional_network_learns_too()
    {
        // Bars flattened to [1, 36] sequences: the Conv1d path end to end.
        var images = TestNetworks.Bars(300, seed: 2);
        var sequences = new Data.Dataset(
            Enumerable.Range(0, images.Count).SelectMany(i => images.Sample(i).ToArray()).ToArray(),
            images.Labels.ToArray(), Model.TensorShape.Of(1, 36), 3);
        var definition = new Model.NetworkBuilder("seq", Model.TensorShape.Of(1, 36))
            .Conv1d("conv1", 4, 6, stride: 2).ReLU().MaxPool1d(2).Flatten().Dense("fc1", 3).Build();
        var network = TrainableNetwork.Create(definition, seed: 1);

        new Trainer(network, TrainingOptions.Default with { Epochs = 10, BatchSize = 16 }).Train(sequences.Take(200));

        Assert.True(Evaluator.Evaluate(network, sequences.Slice(200, 100)).AccuracyPercent > 80);
    }
}
