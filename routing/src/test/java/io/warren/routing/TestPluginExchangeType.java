package io.warren.routing;

/**
 * A plugin exchange type as a third party would write it: one class plus a service file (in this
 * module's test resources). Routes every message to destinations bound with the key "yes".
 */
public class TestPluginExchangeType implements ExchangeType {
    @Override
    public String name() {
        return "x-test-plugin";
    }

    @Override
    public <D> BindingTable<D> newBindingTable() {
        return new AbstractBindingTable<D>() {
            private final BindingTable<D> direct = new DirectExchangeType().newBindingTable();

            @Override
            protected void link(Binding<D> binding) {
                direct.add(binding);
            }

            @Override
            protected void unlink(Binding<D> binding) {
                direct.remove(binding);
            }

            @Override
            public void route(String routingKey, java.util.Map<String, Object> headers,
                    java.util.function.Consumer<? super D> sink) {
                direct.route("yes", headers, sink);
            }
        };
    }
}
