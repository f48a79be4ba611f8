using UnIT.Model;
using UnIT.Training.Data;
using UnIT.Training.Optimizers;

namespace UnIT.Training.Tests;

public class TrainerTests
{
    private static readonly Dataset Bars = TestNetworks.Bars(40, seed: 9);

    [Fact]
    public void TrainBatch_is_one_gradient_computation_and_one_optimizer_step()
    {
        var options = TrainingOptions.Default with { Optimizer = new SgdSettings(LearningRate: 0.1, Momentum: 0.9) };
        var stepped = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 1);
        var manual = stepped.Clone();
        int[] batch = [3, 1, 4, 15, 9, 2, 6];

        var loss = new Trainer(stepped, options).TrainBatch(Bars, batch);

        var manualLoss = new Trainer(manual, options).ComputeGradients(Bars, batch);
        new SgdOptimizer(new SgdSettings(LearningRate: 0.1, Momentum: 0.9)).Step(manual.Parameters);
        Assert.Equal(manualLoss, loss);
        Assert.Equal(TestNetworks.AllValues(manual), TestNetworks.AllValues(stepped));
        Assert.NotEqual(TestNetworks.AllValues(TrainableNetwork.Create(TestNetworks.Tiny(), seed: 1)), TestNetworks.AllValues(stepped));
    }

    [Fact]
    public void The_last_partial_batch_of_an_epoch_is_trained_too()
    {
        var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 1);
        var trainer = new Trainer(network, TrainingOptions.Default with { BatchSize = 16 });

        trainer.TrainEpoch(Bars, epoch: 0);

        Assert.Equal(3, trainer.Optimizer.Steps); // 16 + 16 + 8
    }

    [Fact]
    public void Data_that_does_not_fit_the_network_is_refused()
    {
        var trainer = new Trainer(TrainableNetwork.Create(TestNetworks.Tiny(), seed: 1));
        var wrong = TestNetworks.RandomData(TensorShape.Of(1, 5, 5), count: 4, classes: 3, seed: 1);

        var error = Assert.Throws<ArgumentException>(() => trainer.TrainEpoch(wrong, 0));
        Assert.Contains("does not fit network 'tiny'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translation_moves_pixels_and_repeats_the_edges()
    {
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var moved = new float[9];

        Translation.Apply(image, TensorShape.Of(1, 3, 3), dy: 1, dx: -1, moved);

        Assert.Equal([2, 3, 3, 2, 3, 3, 5, 6, 6], moved);
    }
}
