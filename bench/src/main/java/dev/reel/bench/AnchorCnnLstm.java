package dev.reel.bench;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;
import dev.reel.nn.Conv2d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.LSTM;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;

/**
 * The whole-model anchor of the CPU benchmarks, exactly as {@code bench/compare/video_step_torch.py}
 * builds it in PyTorch: per frame conv3×3 3→32 pad 1, ReLU, max-pool 2; conv 32→64, ReLU,
 * max-pool 2; conv 64→128, ReLU, mean over H, W; LSTM 128→256 (batch first) over the T steps;
 * Linear 256→10 on the last step. Input (B, T, 3, 64, 64).
 */
final class AnchorCnnLstm extends Layer {
    final Conv2d conv1 = register("conv1", new Conv2d(3, 32, 3, ConvOptions.of().padding(1)));
    final Conv2d conv2 = register("conv2", new Conv2d(32, 64, 3, ConvOptions.of().padding(1)));
    final Conv2d conv3 = register("conv3", new Conv2d(64, 128, 3, ConvOptions.of().padding(1)));
    final LSTM lstm = register("lstm", new LSTM(128, 256, 1, true, true, 0, false));
    final Linear fc = register("fc", new Linear(256, 10));

    @Override
    public Tensor forward(Tensor clips) {
        int b = clips.size(0), t = clips.size(1);
        Tensor x = clips.reshape(b * t, clips.size(2), clips.size(3), clips.size(4));
        x = F.maxPool2d(conv1.call(x).relu(), 2);
        x = F.maxPool2d(conv2.call(x).relu(), 2);
        x = conv3.call(x).relu().mean(new int[] {2, 3}, false);
        Tensor seq = lstm.forward(x.reshape(b, t, 128)).output();
        return fc.call(seq.select(1, t - 1));
    }
}
