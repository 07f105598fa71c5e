/* Text contrast pass. Being written for issue 11 item 6: until then it
 * changes nothing. */
#include "layout/contrast.h"

int ic_contrast_fix_text(ic_layout *L)
{
    (void)L;
    return 0;
}
