// Placeholder until libs/venue-sim lands.
console.log('venue-sim');
