using Arena.BundleBuilder.Trainers;

namespace Arena.BundleBuilder.Specs;

/// <summary>The bundles the builder makes. Seeds are arbitrary but fixed: changing one reshuffles that bundle's split.</summary>
public static class Catalog
{
    public static IReadOnlyList<BundleSpec> All { get; } =
    [
        new()
        {
            Slug = "breast-cancer", DatasetFile = "breast_cancer.csv", SourceLabelColumn = "diagnosis",
            Task = TaskKind.Binary, TargetColumn = "target", PositiveClass = "malignant", Seed = 101, Metric = "auc",
            Title = "Breast Cancer Wisconsin (Diagnostic)",
            Description = "Predict whether a breast mass is malignant from 30 features of a digitised image.",
            TaskText = "Each row describes the cell nuclei seen in a digitised image of a fine needle aspirate (FNA) of a breast mass. " +
                       "Predict `target`: **1 = malignant**, 0 = benign. About 37% of the masses are malignant.",
            ColumnsText = "The 30 features are ten properties of the nuclei (radius, texture, perimeter, area, smoothness, compactness, " +
                          "concavity, concave points, symmetry, fractal dimension), each given three times: `mean_*` is the mean over the " +
                          "nuclei, `*_error` its standard error, and `worst_*` the mean of the three largest values.",
            Attribution = Attribution(
                "W. N. Street, W. H. Wolberg, O. L. Mangasarian (1993), Breast Cancer Wisconsin (Diagnostic); UCI Machine Learning Repository",
                "CC BY 4.0 (UCI)"),
            Benchmarks = [new BinaryTrainer()],
        },
        new()
        {
            Slug = "iris", DatasetFile = "iris.csv", SourceLabelColumn = "species",
            Task = TaskKind.Label, TargetColumn = "label", Seed = 102, Metric = "accuracy",
            Title = "Iris Species",
            Description = "Predict the species of an iris flower from four measurements of its sepals and petals.",
            TaskText = "Predict `label`, the species of each flower: `setosa`, `versicolor` or `virginica`. The classes are equally common.",
            ColumnsText = "The features are `sepal_length_cm`, `sepal_width_cm`, `petal_length_cm` and `petal_width_cm`, in centimetres.",
            Attribution = Attribution(
                "R. A. Fisher (1936), *The use of multiple measurements in taxonomic problems*; UCI Machine Learning Repository",
                "CC BY 4.0 (UCI)"),
            Benchmarks = [MulticlassTrainer.SdcaMaximumEntropy()],
        },
        new()
        {
            Slug = "wine", DatasetFile = "wine.csv", SourceLabelColumn = "cultivar",
            Task = TaskKind.Label, TargetColumn = "label", Seed = 103, Metric = "macro_f1",
            Title = "Wine Recognition",
            Description = "Predict which of three cultivars a wine comes from, from 13 results of its chemical analysis.",
            TaskText = "The wines were grown in the same region of Italy from three cultivars. Predict `label`, the cultivar: " +
                       "`class_0`, `class_1` or `class_2`. The classes are not equally common, so every class counts equally in the score.",
            ColumnsText = "The 13 features are the amounts found by chemical analysis: `alcohol`, `malic_acid`, `ash`, `alcalinity_of_ash`, " +
                          "`magnesium`, `total_phenols`, `flavanoids`, `nonflavanoid_phenols`, `proanthocyanins`, `color_intensity`, " +
                          "`hue`, `od280/od315_of_diluted_wines` and `proline`.",
            Attribution = Attribution("M. Forina et al., Wine recognition data; UCI Machine Learning Repository", "CC BY 4.0 (UCI)"),
            Benchmarks = [MulticlassTrainer.LbfgsMaximumEntropy()],
        },
        new()
        {
            Slug = "diabetes", DatasetFile = "diabetes.csv", SourceLabelColumn = "progression",
            Task = TaskKind.Regression, TargetColumn = "target", Seed = 104, Metric = "rmse",
            Title = "Diabetes Progression",
            Description = "Predict a measure of diabetes progression one year on from ten baseline variables of a patient.",
            TaskText = "Each row is a diabetes patient. Predict `target`, a quantitative measure of disease progression one year after baseline " +
                       "(between 25 and 346 in the source data).",
            ColumnsText = "The features, unscaled: `age` in years, `sex` (coded 1 or 2), `bmi` (body mass index), `bp` (average blood pressure) " +
                          "and six blood serum measurements `s1` to `s6`, which scikit-learn describes as total serum cholesterol, " +
                          "low-density lipoproteins, high-density lipoproteins, total cholesterol / HDL, possibly the log of serum " +
                          "triglycerides, and blood sugar level.",
            Attribution = Attribution(
                "B. Efron, T. Hastie, I. Johnstone, R. Tibshirani (2004), *Least Angle Regression*, Annals of Statistics",
                "as distributed with scikit-learn (BSD-3-Clause package)"),
            Benchmarks = [new RegressionTrainer()],
        },
        new()
        {
            Slug = "digits", DatasetFile = "digits.csv", SourceLabelColumn = "digit",
            Task = TaskKind.ClassProbabilities, TargetColumn = "digit", Seed = 105, Metric = "multiclass_logloss",
            MetricParameters = "{ eps: 1e-15 }",
            Title = "Handwritten Digits",
            Description = "Give the probability of each digit 0 to 9 for 8x8 images of handwritten digits.",
            TaskText = "Each row is a handwritten digit, scanned and reduced to an 8x8 image. `digit` in train.csv is the digit shown; " +
                       "for each test row, submit a probability for each of the ten digits.",
            ColumnsText = "The 64 features `px_r_c` are the pixels of row r and column c (0 to 7, row 0 at the top). Each is the number " +
                          "of pixels set, 0 to 16, in a 4x4 block of the original 32x32 bitmap.",
            Attribution = Attribution(
                "E. Alpaydin, C. Kaynak (1998), Optical Recognition of Handwritten Digits; UCI Machine Learning Repository " +
                "(scikit-learn's copy holds the 1,797 images of its test set)",
                "CC BY 4.0 (UCI)"),
            Benchmarks = [MulticlassTrainer.LbfgsMaximumEntropy(), MulticlassTrainer.SdcaMaximumEntropy()],
            // The 64 pixel columns px_r_c, row by row, are an 8x8 image: people can label digits as they are shown.
            HumanStudy = new HumanStudySpec(Render: "image:8x8", Sample: 400, Seed: 8, Practice: 10),
        },
    ];

    static string Attribution(string source, string licence) =>
        $"Source: {source}. Licence: {licence}. Exported from the copy that scikit-learn 1.2.1 ships in Debian's " +
        "python3-sklearn package; Arena renumbered the rows at random and split them into train and test.";
}
