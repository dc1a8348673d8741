# The CATS example scenarios (resources/examples/cats) pass their checks.
catslab_add_qtest(NAME tst_cats_examples SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cats_examples.cpp
  LIBS catslab_sim LABELS cats TIMEOUT 300 SANITIZER_SEEDS 2)
catslab_link_stacks(tst_cats_examples)
set_target_properties(tst_cats_examples PROPERTIES AUTOMOC ON)

# The churn example in the stress profile (16 workers, real time), its trace
# decided linearizable; runs under TSan in the tsan tree.
catslab_add_qtest(NAME tst_cats_stress SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cats_stress.cpp
  LIBS catslab_sim catslab_linearizability LABELS cats TIMEOUT 300)
catslab_link_stacks(tst_cats_stress)
set_target_properties(tst_cats_stress PROPERTIES AUTOMOC ON)
