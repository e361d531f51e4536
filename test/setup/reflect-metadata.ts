// Decorated (tsyringe) classes need the Reflect metadata API before they are evaluated.
import "reflect-metadata";
