package org.fablab.gateway.report;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.DayOfWeek;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;

/**
 * Figures built by reflection over the records, so that a figure added later is filled too: every count and every
 * number is {@code value}, every list holds two elements, every name is {@code "name"}.
 */
public final class SampleFigures {
    private SampleFigures() {
    }

    public static ImpactFigures every(long value) {
        return (ImpactFigures) build(ImpactFigures.class, value);
    }

    private static Object build(Class<?> type, long value) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = Arrays.stream(components).map(c -> value(c.getType(), c.getGenericType(), value)).toArray();
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(Class<?> type, Type generic, long value) {
        if (type == Count.class) {
            return Count.exact(value);
        } else if (type == long.class) {
            return value;
        } else if (type == int.class) {
            return 14;
        } else if (type == String.class) {
            return "name";
        } else if (type == DayOfWeek.class) {
            return DayOfWeek.SATURDAY;
        } else if (type == YearMonth.class) {
            return YearMonth.of(2026, 3);
        } else if (type == List.class) {
            Class<?> element = (Class<?>) ((ParameterizedType) generic).getActualTypeArguments()[0];
            return List.of(build(element, value), build(element, value));
        } else if (type.isRecord()) {
            return build(type, value);
        }
        throw new IllegalStateException("no sample for " + type);
    }
}
