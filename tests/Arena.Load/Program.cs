using Arena.Load;
using Arena.Load.Scenarios;

// One line per scenario; `list` prints them in this order.
IScenario[] scenarios =
[
    new Watchers(),
    new Rush(),
    new Kill9(),
    new DbDown(),
    new Hostile(),
    new Security(),
];

return await LoadRunner.RunAsync(scenarios, args);
