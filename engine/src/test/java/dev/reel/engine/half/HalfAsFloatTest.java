package dev.reel.engine.half;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.Backend;
import dev.reel.engine.backend.Backends;
import dev.reel.engine.backend.HalfAsFloat;
import dev.reel.engine.cpu.CpuBackend;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class HalfAsFloatTest {
    @Test
    void everyBackendMethodIsRoutedExplicitly() throws NoSuchMethodException {
        // a default method left to the interface would run its composite on half tensors, bypassing the rule
        for (Method m : Backend.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) continue;
            Method own = HalfAsFloat.class.getMethod(m.getName(), m.getParameterTypes());
            assertEquals(HalfAsFloat.class, own.getDeclaringClass(), "HalfAsFloat must override " + m);
        }
    }

    @Test
    void theDispatcherWrapsTheCpuBackend() {
        Backend b = Backends.of(Device.CPU);
        HalfAsFloat h = assertInstanceOf(HalfAsFloat.class, b);
        assertEquals(CpuBackend.INSTANCE, h.inner());
        assertInstanceOf(HalfAsFloat.class, Tensor.zeros(DType.BF16, 2).backend());
    }

    @Test
    void aBroadcastHalfOperandIsNotMaterialised() {
        // a (1) BF16 scalar broadcast against (3, 4): the F32 stand-in keeps stride 0
        Tensor big = Tensor.ones(DType.BF16, 3, 4), one = Tensor.full(0.5, DType.BF16, 1);
        Tensor r = big.mul(one);
        assertEquals(DType.BF16, r.dtype());
        for (float v : r.toFloatArray()) assertEquals(0.5f, v);
        assertTrue(r.isContiguous());
    }
}
