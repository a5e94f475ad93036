package io.faas.examples.spring;

import io.faas.api.FunctionContext;
import io.faas.spring.boot.FaasFunction;
import org.springframework.stereotype.Component;

/** A Java function: the total of an order, for every event on {@code orders}. */
@Component
public class Pricing {

    /** An order event, {@code {"qty": 3, "price": 5}}. */
    public record Order(int qty, int price) {
    }

    @FaasFunction(name = "total", topics = "orders", timeout = "5s")
    public int total(Order order, FunctionContext context) {
        context.logger().info("pricing " + order.qty() + " x " + order.price());
        return order.qty() * order.price();
    }
}
