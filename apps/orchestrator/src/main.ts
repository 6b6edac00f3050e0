// Placeholder until the orchestrator lands.
console.log('orchestrator');
