// Results of the programme: the specialty early warning and the yearly assessment of the regions.
export * from './warning';
export * from './scheme';
