package io.warren.management.api;

import io.warren.management.Router;

/** Registers every {@code /api} route this package serves (definitions and policies live elsewhere). */
public final class ManagementApi {
    private ManagementApi() {
    }

    public static void register(Router router, ApiContext api) {
        Rows rows = new Rows(api.node(), api.stats(), api.services().policies());
        new NodeRoutes(api, rows).register(router);
        new ConnectionRoutes(api, rows).register(router);
        new ExchangeRoutes(api, rows).register(router);
        new QueueRoutes(api, rows).register(router);
        new BindingRoutes(api, rows).register(router);
        new VhostRoutes(api, rows).register(router);
        new UserRoutes(api).register(router);
    }
}
