// The tests measure rates and delays on real links: one at a time, on a shared two-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
