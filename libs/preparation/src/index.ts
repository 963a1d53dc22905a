export { preparationService } from './preparation.service';
export { applyRecipe } from './engine/apply-recipe';
export type { AppliedDataset, ApplyRecipeOptions } from './engine/apply-recipe';
export { recipeKey, recipeKey as paramsKey } from './engine/write-prepared';
export type {
  PreparationRecipe,
  RecipeDataset,
  RecipeColumn,
  RecipeImputation,
  RecipeOutliers,
  RecipeEncoding,
  RecipeScaling,
  RecipeInputColumn,
  RecipeOutputColumn,
  OneHotColumn,
  OutputPart,
  PreparedType,
  SourceType,
} from './engine/recipe-types';
export type { DatasetSummary, ColumnSummary } from './engine/summary-sql';
