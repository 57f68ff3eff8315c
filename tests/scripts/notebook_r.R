# notebook_r.R DOC FIXTURE_DIR [DIR...]: load every report of each --out-dir
# DIR with the R snippet of DOC (README.md: the documented code is the
# tested code) and check names, classes and missing values against
# datapackage.json and the raw CSV. FIXTURE_DIR comes from the corpus that
# notebook.sh builds, where NA, None, null and nan are words.
args <- commandArgs(trailingOnly = TRUE)
doc <- args[1]
dirs <- args[-1]
failures <- character(0)
check <- function(ok, what) {
  if (!isTRUE(ok)) failures <<- c(failures, what)
}

# The ```r block after the "<!-- snippet: r" marker.
lines <- readLines(doc, encoding = "UTF-8", warn = FALSE)
marker <- grep("^<!-- snippet: r\\b", lines, perl = TRUE)
if (length(marker) != 1) stop("no R snippet in ", doc)
start <- marker + which(lines[(marker + 1):length(lines)] == "```r")[1]
stop_at <- start + which(lines[(start + 1):length(lines)] == "```")[1]
eval(parse(text = lines[(start + 1):(stop_at - 1)]))

for (dir in dirs) {
  reports <- load_reports(dir)
  package <- jsonlite::fromJSON(file.path(dir, "datapackage.json"),
                                simplifyVector = FALSE)
  check(length(package$resources) >= 8, paste(dir, ": fewer than 8 resources"))
  for (res in package$resources) {
    where <- paste0(basename(dir), "/", res$path)
    df <- reports[[res$name]]
    fields <- res$schema$fields
    names_ <- vapply(fields, function(f) f$name, "")
    types <- vapply(fields, function(f) f$type, "")
    check(identical(names(df), names_),
          paste(where, ": columns", paste(names(df), collapse = ",")))
    # The same cells read as plain text: only "" may become NA.
    raw <- read.csv(file.path(dir, res$path), colClasses = "character",
                    na.strings = character(0), check.names = FALSE,
                    encoding = "UTF-8")
    check(nrow(df) == nrow(raw), paste(where, ": row count"))
    for (i in seq_along(fields)) {
      col <- df[[i]]
      if (types[i] == "string") {
        check(is.character(col), paste(where, names_[i], "is not character"))
        # (ifelse of no rows is logical(0): a report may have no rows)
        check(nrow(df) == 0 || identical(ifelse(is.na(col), "", col), raw[[i]]),
              paste(where, names_[i], "changed on loading"))
      } else {
        check(is.numeric(col), paste(where, names_[i], "is not numeric"))
        check(identical(is.na(col), raw[[i]] == ""),
              paste(where, names_[i], "missing values"))
        if (types[i] == "integer")
          check(all(col == round(col), na.rm = TRUE),
                paste(where, names_[i], "is not whole"))
      }
    }
  }
  check(nrow(reports$essays) > 0, paste(dir, ": no essays"))
}

# The fixture corpus: words that R would take for NA stay words.
fx <- load_reports(dirs[1])
e <- fx$essays
a <- grep("/a\\.md$", e$doc_id)
check(identical(e$movieId[a], "0042"), "movieId 0042")
check(identical(e$catalogNo[a], "007"), "catalogNo 007")
check(identical(e$category[a], "NA"), "front-matter value NA")
check(identical(e[["fm.title"]][a], "A front-matter title"), "fm.title")
check(all(c("NA", "None", "null", "nan", "N/A") %in% fx$keyterms$term),
      "key terms NA/None/null/nan/N/A")
check(all(c("na", "nan", "none", "null") %in% fx$terms$term), "terms")
check(all(c("NA", "None", "(none)", "(all)") %in% fx$terms$group), "groups")
check(all(c("na", "nan", "none", "null") %in% fx$docterms$term), "docterms terms")
check(is.numeric(fx$docterms$tf_idf) && is.numeric(fx$keyness$p),
      "docterms/keyness numbers")
check(all(c("NA", "None") %in% fx$keyness$group), "keyness groups")

if (length(failures)) {
  for (f in failures) message("FAIL: ", f)
  quit(status = 1)
}
cat(sprintf("notebook_r: %d directories load with the documented types (%s)\n",
            length(dirs), R.version.string))
