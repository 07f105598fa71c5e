# For bench/linking.sh only: links the infochart program the way it was
# linked before issue 12, with the static archives Debian ships (listed
# before the shared libraries, so they resolve everything they can) while
# HarfBuzz and fontconfig, which have none, stay shared. Used as
#   cmake -DCMAKE_PROJECT_INCLUDE=bench/static_deps.cmake ...
# and runs once the top-level CMakeLists.txt has made its targets.
cmake_language(DEFER CALL ic_bench_link_static_archives)

function(ic_bench_link_static_archives)
  set(archives)
  foreach(lib cairo pixman-1 freetype png16 fribidi jansson csv brotlidec brotlicommon z)
    find_library(IC_BENCH_STATIC_${lib} NAMES lib${lib}.a)
    if(NOT IC_BENCH_STATIC_${lib})
      message(FATAL_ERROR "bench/static_deps.cmake: no static lib${lib}.a")
    endif()
    list(APPEND archives ${IC_BENCH_STATIC_${lib}})
  endforeach()
  target_link_libraries(infochart PRIVATE ${archives} fontconfig)
endfunction()
